import { html } from "hono/html";
import type { AlertEvent } from "../alerts/alert-event";
import {
  ALERT_TYPE_LABELS,
  formatDuration,
  formatLocalDateTime,
  formatLocalTime,
  formatMetricValue,
  formatMoney,
  formatPercent,
  METRIC_LABELS,
} from "./format";
import type { Markup } from "./layout";

function windowText(hours: number): string {
  if (hours < 1) return `over ${Math.round(hours * 60)} min`;
  if (hours === 1) return "this hour";
  return hours % 24 === 0 ? `over ${hours / 24} d` : `over ${hours} h`;
}

/** Returns the label of an alert type, such as `Sales dip`. */
export function alertTitle(event: AlertEvent): string {
  return ALERT_TYPE_LABELS[event.type] ?? event.type;
}

/** Returns a severity badge. */
export function severityBadge(severity: string): Markup {
  return html`<span class="badge sev-${severity}">${severity}</span>`;
}

/**
 * Renders one open anomaly with its explanation: expected against actual,
 * the deviation, how long it has lasted and the sales lost so far.
 */
export function anomalyCard(event: AlertEvent, currency: string): Markup {
  const tz = event.location.timeZone;
  const value = (v: number) => formatMetricValue(event.metric, v, currency);
  const relative = formatPercent(event.deviation.relative);
  const startedMs = Date.parse(event.startedAt.utc);
  const impact = event.impact
    ? formatMoney(event.impact.amountMinor, event.impact.currency)
    : "not measured for this alert";
  return html`<article class="anomaly sev-${event.severity}"
  data-anomaly-id="${event.anomalyId}" data-metric="${event.metric}">
  <div class="anomaly-head">
    ${severityBadge(event.severity)}
    <h3>${alertTitle(event)} · ${METRIC_LABELS[event.metric]}</h3>
  </div>
  <p class="summary">${event.summary}</p>
  <dl class="explain">
    <div><dt>Expected ${windowText(event.windowHours)}</dt>
      <dd>${value(event.expected)}
        <small>(${value(event.lower)} – ${value(event.upper)})</small></dd></div>
    <div><dt>Actual</dt><dd class="actual">${value(event.actual)}</dd></div>
    <div><dt>Deviation</dt>
      <dd>${value(event.deviation.absolute)} ${relative ? `(${relative})` : ""}</dd></div>
    <div><dt>Running for</dt>
      <dd>${formatDuration(event.durationMinutes)}
        <small>since ${formatLocalTime(tz, startedMs)}</small></dd></div>
    <div><dt>Impact so far</dt><dd>${impact}</dd></div>
  </dl>
  <p class="fine">Model ${event.modelVersion ?? "none (rule-based)"} ·
    updated ${formatLocalDateTime(tz, Date.parse(event.updatedAt))}</p>
</article>`;
}
