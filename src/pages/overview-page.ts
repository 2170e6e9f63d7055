import { html } from "hono/html";
import type { AlertEvent } from "../alerts/alert-event";
import { alertTitle, severityBadge } from "./anomaly-card";
import type { FleetCounts, RegionGroup } from "./fleet-data";
import { formatDuration, formatLocalTime, METRIC_LABELS } from "./format";
import type { Markup, PageParts } from "./layout";
import { siteHeader } from "./layout";

/** How often the overview reloads its lists, in seconds. */
const REFRESH_SECONDS = 30;

/** Everything the overview is built from. */
export interface OverviewInput {
  counts: FleetCounts;
  groups: RegionGroup[];
  /** Signed page link of each listed location, by location id. */
  links: Map<string, string>;
  /** Whether more alerts are firing than the list shows. */
  truncated: boolean;
  nowMs: number;
}

const CATEGORY_LABELS: Record<string, string> = {
  sales: "Sales",
  integration: "Integration",
};

function countTile(label: string, value: number, kind: string): Markup {
  return html`<div class="tile ${kind}" data-count="${kind}">
  <span class="value">${value.toLocaleString("en-US")}</span>
  <span class="label">${label}</span>
</div>`;
}

function alertRow(event: AlertEvent, href: string): Markup {
  const tz = event.location.timeZone;
  const startedMs = Date.parse(event.startedAt.utc);
  return html`<li class="alert sev-${event.severity}" data-anomaly-id="${event.anomalyId}">
  <a href="${href}">
    <span class="alert-top">
      ${severityBadge(event.severity)}
      <strong>${event.location.name}</strong>
      <span class="what">${alertTitle(event)} · ${METRIC_LABELS[event.metric]}</span>
    </span>
    <span class="summary">${event.summary}</span>
    <span class="fine">since ${formatLocalTime(tz, startedMs)} local ·
      for ${formatDuration(event.durationMinutes)}</span>
  </a>
</li>`;
}

function regionSection(group: RegionGroup, links: Map<string, string>): Markup {
  const total = group.categories.reduce((n, c) => n + c.alerts.length, 0);
  return html`<section class="card region" data-region="${group.region}">
  <h2>${group.region} <span class="count">${total}</span></h2>
  ${group.categories.map(
    (c) => html`<h3>${CATEGORY_LABELS[c.category] ?? c.category}</h3>
  <ul class="alerts">${c.alerts.map((e) => alertRow(e, links.get(e.location.id) ?? "#"))}</ul>`,
  )}
</section>`;
}

function fleetSection(input: OverviewInput): Markup {
  if (input.groups.length === 0) {
    return html`<section class="card"><p class="quiet">
      No open anomalies across the fleet.</p></section>`;
  }
  return html`${input.groups.map((g) => regionSection(g, input.links))}
  ${input.truncated ? html`<p class="fine">Showing the newest alerts only;
    filter the full list with GET /v1/alerts.</p>` : ""}`;
}

/** Builds the fleet overview: counts, then open anomalies by region. */
export function overviewPage(input: OverviewInput): PageParts {
  const { counts } = input;
  const updated = new Date(input.nowMs).toISOString().slice(11, 19);
  const body = html`${siteHeader(html`<span id="updated" data-refresh>Updated ${updated} UTC</span>`)}
<main class="page overview" data-refresh-seconds="${REFRESH_SECONDS}">
  <h1>Fleet overview</h1>
  <section class="tiles" id="counts" data-refresh>
    ${countTile("Anomalous", counts.anomalous, "anomalous")}
    ${countTile("Silent", counts.silent, "silent")}
    ${countTile("Healthy", counts.healthy, "healthy")}
    ${countTile("Locations", counts.locations, "locations")}
  </section>
  <div id="fleet" data-refresh>${fleetSection(input)}</div>
</main>`;
  return { title: "Fleet overview", body, scripts: ["refresh.js"] };
}
