import { html } from "hono/html";
import type { AlertEvent } from "../alerts/alert-event";
import { locationPagePath } from "../auth/location-link";
import { METRICS, type Metric } from "../domain/metrics";
import type { LocationInput } from "../domain/location";
import { isOpenAt } from "../domain/opening-hours";
import { anomalyCard } from "./anomaly-card";
import {
  describeWeeklyHours,
  formatAgo,
  formatLocalDateTime,
  formatLocalTime,
  METRIC_LABELS,
} from "./format";
import type { Markup, PageParts } from "./layout";
import { siteHeader } from "./layout";
import { RANGE_DAYS, type ChartChoice } from "./view-query";

/** Event types whose last arrival the feed health section lists. */
const FEED_TYPES = ["sale", "refund", "heartbeat", "error"] as const;

/** Upcoming dated exceptions shown under the weekly hours, at most. */
const MAX_SHOWN_EXCEPTIONS = 5;

/** The parts of the object's state the page shows. */
export interface LocationStateView {
  lastEvents: Record<string, { at: string; id: string } | undefined>;
  closedThrough: string | null;
  openAnomalies: AlertEvent[];
}

/** Everything the location page is built from. */
export interface LocationPageInput {
  location: LocationInput;
  state: LocationStateView;
  chart: ChartChoice;
  /** Chart range end, in ms: the location's watermark or now. */
  chartToMs: number;
  nowMs: number;
  /** The link token the page was opened with, kept on its own links. */
  token: string | null;
  /** When the link token stops working, or null for the admin. */
  expiresMs: number | null;
}

function pageHref(input: LocationPageInput, choice: ChartChoice): string {
  const query = new URLSearchParams();
  if (input.token) query.set("token", input.token);
  query.set("metric", choice.metric);
  query.set("days", String(choice.days));
  return `${locationPagePath(input.location.id)}?${query}`;
}

function seriesUrl(input: LocationPageInput): string {
  const query = new URLSearchParams();
  if (input.token) query.set("token", input.token);
  query.set("metric", input.chart.metric);
  query.set("days", String(input.chart.days));
  query.set("to", String(input.chartToMs));
  const id = encodeURIComponent(input.location.id);
  return `/pages/api/locations/${id}/series?${query}`;
}

function headerSection(input: LocationPageInput): Markup {
  const { location, nowMs } = input;
  const tz = location.timezone;
  const schedule = { weekly: location.openingHours, exceptions: location.exceptions };
  const open = location.openingHours ? isOpenAt(schedule, tz, nowMs) : null;
  const today = formatLocalDateTime(tz, nowMs).slice(0, 10);
  const exceptions = location.exceptions
    .filter((e) => e.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date))
    .slice(0, MAX_SHOWN_EXCEPTIONS);
  return html`<section class="card head" id="summary" data-refresh>
  <h1>${location.name}</h1>
  <p class="meta">${location.region ?? "No region"} · ${location.id}</p>
  <p class="now">
    <span class="clock">${formatLocalTime(tz, nowMs)}</span>
    <span class="zone">${tz}</span>
    ${open === null ? "" : html`<span class="state ${open ? "open" : "shut"}">
      ${open ? "Open now" : "Closed now"}</span>`}
  </p>
  <details class="hours">
    <summary>Opening hours</summary>
    <ul>${describeWeeklyHours(location.openingHours).map((l) => html`<li>${l}</li>`)}</ul>
    ${exceptions.length === 0 ? "" : html`<ul class="exceptions">${exceptions.map(
      (e) => html`<li>${e.date}: ${e.closed ? "closed" : (e.hours ?? []).map(([a, b]) => `${a}–${b}`).join(", ")}
        ${e.note ? html`<small>${e.note}</small>` : ""}</li>`,
    )}</ul>`}
  </details>
</section>`;
}

function anomaliesSection(input: LocationPageInput): Markup {
  const open = input.state.openAnomalies;
  const currency = input.location.currency;
  return html`<section class="card" id="anomalies" data-refresh>
  <h2>Open anomalies <span class="count">${open.length}</span></h2>
  ${open.length === 0
    ? html`<p class="quiet">No open anomalies. The location trades as expected.</p>`
    : open.map((event) => anomalyCard(event, currency))}
</section>`;
}

function controls(input: LocationPageInput): Markup {
  const { chart } = input;
  const options = METRICS.map(
    (m: Metric) => html`<option value="${m}" ${m === chart.metric ? "selected" : ""}>${METRIC_LABELS[m]}</option>`,
  );
  const ranges = RANGE_DAYS.map(
    (days) => html`<a class="chip ${days === chart.days ? "on" : ""}"
      href="${pageHref(input, { ...chart, days })}">${days} d</a>`,
  );
  return html`<div class="controls">
  <form method="get" action="${locationPagePath(input.location.id)}" class="metric-form">
    ${input.token ? html`<input type="hidden" name="token" value="${input.token}">` : ""}
    <input type="hidden" name="days" value="${chart.days}">
    <label for="metric">Metric</label>
    <select id="metric" name="metric" data-auto-submit>${options}</select>
    <noscript><button type="submit">Show</button></noscript>
  </form>
  <nav class="ranges" aria-label="Range">${ranges}</nav>
</div>`;
}

function chartSection(input: LocationPageInput): Markup {
  const { chart, location } = input;
  const label = METRIC_LABELS[chart.metric];
  return html`<section class="card" id="chart-section">
  <h2>${label}, last ${chart.days === 1 ? "24 hours" : `${chart.days} days`}</h2>
  ${controls(input)}
  <div id="chart" class="chart" data-series-url="${seriesUrl(input)}"
    data-timezone="${location.timezone}" data-label="${label}"
    data-state="loading" role="img" aria-label="${label} chart">
    <p class="quiet">Loading the chart…</p>
  </div>
  <ul class="key">
    <li><i class="k-actual"></i>Actual</li>
    <li><i class="k-expected"></i>Expected</li>
    <li><i class="k-band"></i>Normal range</li>
    <li><i class="k-closed"></i>Closed</li>
    <li><i class="k-anomaly"></i>Anomaly</li>
  </ul>
  <ul id="anomaly-marks" class="marks"></ul>
</section>`;
}

function feedSection(input: LocationPageInput): Markup {
  const { lastEvents } = input.state;
  const tz = input.location.timezone;
  const rows = FEED_TYPES.map((type) => {
    const last = lastEvents[type];
    if (!last) {
      return html`<tr><th>${type}</th><td class="quiet" colspan="2">none yet</td></tr>`;
    }
    const atMs = Date.parse(last.at);
    return html`<tr><th>${type}</th><td>${formatLocalDateTime(tz, atMs)}</td>
      <td class="ago">${formatAgo(atMs, input.nowMs)}</td></tr>`;
  });
  const closed = input.state.closedThrough;
  return html`<section class="card" id="feed" data-refresh>
  <h2>Feed health</h2>
  <table class="feed"><tbody>${rows}</tbody></table>
  <p class="fine">Buckets closed through
    ${closed ? formatLocalDateTime(tz, Date.parse(closed)) : "none yet"}.</p>
</section>`;
}

function accessNote(input: LocationPageInput): string {
  if (input.expiresMs === null) return "Admin";
  const tz = input.location.timezone;
  return `Link valid until ${formatLocalDateTime(tz, input.expiresMs)}`;
}

/** Builds the location page: state, open anomalies, chart and feed health. */
export function locationPage(input: LocationPageInput): PageParts {
  const body = html`${siteHeader(accessNote(input))}
<main class="page location" data-refresh-seconds="60">
  ${headerSection(input)}
  ${anomaliesSection(input)}
  ${chartSection(input)}
  ${feedSection(input)}
</main>`;
  return {
    title: input.location.name,
    body,
    scripts: ["uplot.js", "refresh.js", "location-chart.js"],
  };
}
