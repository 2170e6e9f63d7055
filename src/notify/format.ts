import type { AlertEvent, AlertType, Impact } from "../alerts/alert-event";
import { groupStatus, type NotificationGroup } from "./group";

/** Most alerts listed one by one in a message; the rest are counted. */
export const MAX_LISTED_ALERTS = 20;

const TYPE_TITLES: Record<AlertType, string> = {
  sales_dip: "Sales dip",
  sales_spike: "Sales spike",
  feed_silent: "Silent feed",
  heartbeat_lost: "Heartbeat lost",
  tender_collapse: "Tender collapse",
  register_silent: "Register silent",
  error_spike: "Error spike",
};

/** A label and value shown beside each other, such as a Slack field. */
export interface Fact {
  name: string;
  value: string;
}

/** Returns a short title such as "Sales dip at Store 12". */
export function alertTitle(event: AlertEvent): string {
  return `${TYPE_TITLES[event.type]} at ${event.location.name}`;
}

/**
 * Returns the title of a whole message: the alert's own title when the
 * group contains one alert, else the counts and the group labels.
 */
export function groupTitle(group: NotificationGroup): string {
  const all = [...group.firing, ...group.resolved];
  const prefix = groupStatus(group) === "firing" ? "" : "Resolved: ";
  if (all.length === 1) return `${prefix}${alertTitle(all[0])}`;
  const counts = [
    group.firing.length > 0 ? `${group.firing.length} firing` : "",
    group.resolved.length > 0 ? `${group.resolved.length} resolved` : "",
  ].filter((part) => part !== "");
  const labels = Object.entries(group.groupLabels)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
  return `${prefix}${counts.join(", ")}${labels ? ` (${labels})` : ""}`;
}

/** Formats a number for people, with at most one decimal. */
export function formatNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** Formats an amount in minor units in its currency, such as €1,234.50. */
export function formatImpact(impact: Impact): string {
  const format = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: impact.currency,
  });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(impact.amountMinor / 10 ** digits);
}

function formatDeviation(event: AlertEvent): string {
  const { absolute, relative } = event.deviation;
  const sign = absolute > 0 ? "+" : "";
  const share =
    relative === null ? "" : ` (${sign}${formatNumber(relative * 100)}%)`;
  return `${sign}${formatNumber(absolute)}${share}`;
}

function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${Math.round(minutes - hours * 60)} min`;
}

/** Lists the facts shown for one alert, in the order people read them. */
export function alertFacts(event: AlertEvent): Fact[] {
  const location = event.location;
  const facts: Fact[] = [
    { name: "Severity", value: event.severity },
    {
      name: "Location",
      value: `${location.name} (${location.id}, ${location.region})`,
    },
    { name: "Metric", value: event.metric },
    { name: "Expected", value: formatNumber(event.expected) },
    { name: "Actual", value: formatNumber(event.actual) },
    {
      name: "Normal range",
      value: `${formatNumber(event.lower)} to ${formatNumber(event.upper)}`,
    },
    { name: "Deviation", value: formatDeviation(event) },
    { name: "Started", value: event.startedAt.local },
    { name: "Duration", value: formatMinutes(event.durationMinutes) },
  ];
  if (event.impact) {
    const value = formatImpact(event.impact);
    facts.push({ name: "Sales lost so far", value });
  }
  if (event.endedAt) facts.push({ name: "Ended", value: event.endedAt });
  if (event.modelVersion) {
    facts.push({ name: "Model version", value: event.modelVersion });
  }
  return facts;
}

/** Returns the alerts listed in a message and how many are left out. */
export function listedAlerts(group: NotificationGroup): {
  listed: AlertEvent[];
  omitted: number;
} {
  const all = [...group.firing, ...group.resolved];
  return {
    listed: all.slice(0, MAX_LISTED_ALERTS),
    omitted: Math.max(0, all.length - MAX_LISTED_ALERTS),
  };
}

/** Most context entries shown for one alert. */
export const MAX_CONTEXT_ENTRIES = 8;

/**
 * Returns the integration details of an alert as one line, such as
 * "tender: card, lastEventAt: 2026-03-01T09:12:00Z", or "" when it has none.
 */
export function contextLine(event: AlertEvent): string {
  return Object.entries(event.context)
    .slice(0, MAX_CONTEXT_ENTRIES)
    .map(([key, value]) => {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return `${key}: ${text}`;
    })
    .join(", ");
}

/** Shortens text to `maxChars`, ending it with an ellipsis when cut. */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars - 1)}…`;
}
