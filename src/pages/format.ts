import { METRIC_KIND, type Metric } from "../domain/metrics";
import { currencyExponent } from "../domain/money";
import { WEEKDAYS, type WeeklyHours } from "../domain/opening-hours";
import { localParts } from "../time/zone";

const WEEKDAY_LABELS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Labels people read for each metric. */
export const METRIC_LABELS: Record<Metric, string> = {
  transactions: "Transactions",
  sales: "Sales",
  refunds: "Refunds",
  refund_amount: "Refund amount",
  card_transactions: "Card transactions",
  cash_transactions: "Cash transactions",
  other_transactions: "Other tenders",
  heartbeats: "Heartbeats",
  errors: "Errors",
};

/** Labels people read for each alert type. */
export const ALERT_TYPE_LABELS: Record<string, string> = {
  sales_dip: "Sales dip",
  sales_spike: "Sales spike",
  feed_silent: "Feed silent",
  heartbeat_lost: "Heartbeat lost",
  tender_collapse: "Tender collapse",
  register_silent: "Register silent",
  error_spike: "Error spike",
};

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** Formats an instant as `Tue 14:10` in the location's zone. */
export function formatLocalTime(timeZone: string, utcMs: number): string {
  const local = localParts(timeZone, utcMs);
  const clock = `${pad(local.hour)}:${pad(local.minute)}`;
  return `${WEEKDAY_LABELS[local.weekday]} ${clock}`;
}

/** Formats an instant as `2026-11-03 14:10` in the location's zone. */
export function formatLocalDateTime(timeZone: string, utcMs: number): string {
  const local = localParts(timeZone, utcMs);
  const date = `${local.year}-${pad(local.month)}-${pad(local.day)}`;
  return `${date} ${pad(local.hour)}:${pad(local.minute)}`;
}

/** Formats minutes as `45 min`, `3 h 10 min` or `2 d 4 h`. */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  const rest = total % 60;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Formats how long ago an instant was, relative to `nowMs`. */
export function formatAgo(utcMs: number, nowMs: number): string {
  const minutes = (nowMs - utcMs) / 60_000;
  if (minutes < 1) return "just now";
  return `${formatDuration(minutes)} ago`;
}

/** Formats integer minor units as money, such as `GBP 1,234.50`. */
export function formatMoney(minor: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2;
  const major = minor / 10 ** exponent;
  const text = major.toLocaleString("en-US", {
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return `${currency} ${text}`;
}

/** Formats a metric's value: money for amounts, a count otherwise. */
export function formatMetricValue(
  metric: Metric,
  value: number,
  currency: string,
): string {
  if (METRIC_KIND[metric] === "amount") return formatMoney(value, currency);
  const digits = Math.abs(value) < 10 && !Number.isInteger(value) ? 1 : 0;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** Formats a relative deviation as `-62%`, or an empty string when null. */
export function formatPercent(relative: number | null): string {
  if (relative === null) return "";
  const percent = Math.round(relative * 100);
  return `${percent > 0 ? "+" : ""}${percent}%`;
}

function intervalText(intervals: readonly [string, string][]): string {
  if (intervals.length === 0) return "closed";
  return intervals.map(([from, to]) => `${from}–${to}`).join(", ");
}

/**
 * Summarises weekly hours as lines such as `Mon–Fri 08:00–20:00`, joining
 * neighbouring days that keep the same hours.
 */
export function describeWeeklyHours(weekly: WeeklyHours | undefined): string[] {
  if (!weekly) return ["No opening hours registered"];
  const lines: string[] = [];
  let first = 0;
  for (let day = 1; day <= WEEKDAYS.length; day++) {
    const previous = intervalText(weekly[WEEKDAYS[day - 1]]);
    const same = day < WEEKDAYS.length && intervalText(weekly[WEEKDAYS[day]]) === previous;
    if (same) continue;
    const label = first === day - 1
      ? WEEKDAY_LABELS[first]
      : `${WEEKDAY_LABELS[first]}–${WEEKDAY_LABELS[day - 1]}`;
    lines.push(`${label} ${previous}`);
    first = day;
  }
  return lines;
}
