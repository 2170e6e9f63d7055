import { z } from "zod";
import type { FieldIssue } from "../api/errors";
import { toFieldIssues } from "../api/validation";
import type { LocationProfile } from "../domain/location";
import { METRIC_KIND, METRICS, type Metric, type MetricValues } from "../domain/metrics";
import { toMinorUnits } from "../domain/money";
import { LocalDateSchema, TimestampSchema, timestampMs } from "../domain/timestamp";
import { dayStart, formatLocal, hourBucketStart, localParts } from "../time/zone";
import type { HistoryRow } from "../../durable-objects/location/history";

const CountSchema = z.number().int().min(0).max(1e9);
const AmountSchema = z.union([z.string().max(32), z.number().finite()]);

const metricFields = Object.fromEntries(
  METRICS.map((m) => [m, (METRIC_KIND[m] === "count" ? CountSchema : AmountSchema).optional()]),
) as Record<(typeof METRICS)[number], z.ZodOptional<typeof CountSchema | typeof AmountSchema>>;

const EventsSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "expected a snake_case name such as promo"),
  z.union([z.literal(0), z.literal(1)]),
);

/**
 * History rows are strict objects. A row replaces the stored bucket and
 * every metric it leaves out is stored as 0, so a misspelled metric
 * (`transaction`, `card`) would silently write a zero. The exporters in this
 * repository (start, replay, page fixtures) send only these fields.
 */
export const HourlyHistoryRowSchema = z.strictObject({
  start: TimestampSchema,
  ...metricFields,
  open: z.boolean().optional(),
  events: EventsSchema.optional(),
});

export const DailyHistoryRowSchema = z.strictObject({
  date: LocalDateSchema,
  ...metricFields,
  open: z.boolean().optional(),
  events: EventsSchema.optional(),
});

type RawRow = z.infer<typeof HourlyHistoryRowSchema> | z.infer<typeof DailyHistoryRowSchema>;

const TENDER_METRICS = ["card_transactions", "cash_transactions", "other_transactions"] as const;

function convertValues(row: RawRow, exponent: number, index: number, issues: FieldIssue[]) {
  const values: Partial<MetricValues> = {};
  for (const metric of METRICS) {
    const raw = row[metric];
    if (raw === undefined) continue;
    if (METRIC_KIND[metric] === "count") {
      values[metric] = raw as number;
      continue;
    }
    const minor = toMinorUnits(raw, exponent);
    if (!minor.ok) {
      issues.push({ index, field: metric, problem: minor.problem, fix: minor.fix });
    } else if (minor.minor < 0) {
      issues.push({
        index,
        field: metric,
        problem: `${JSON.stringify(raw)} is negative`,
        fix:
          metric === "sales"
            ? "send the bucket's sales total as 0 or more; refunds go in refund_amount"
            : "send the bucket's refund total as 0 or more",
      });
    } else {
      values[metric] = minor.minor;
    }
  }
  return values;
}

/**
 * Checks that the tender counts fit the transaction count: each sale has
 * one tender, so card, cash and other sales add up to at most all sales.
 */
function checkTenders(values: Partial<MetricValues>, index: number, issues: FieldIssue[]): void {
  const transactions = values.transactions ?? 0;
  const sent = (metric: Metric) => values[metric] ?? 0;
  const fix =
    "each sale has one tender, so card, cash and other transactions add up to at most transactions; " +
    "correct the counts or send transactions as the bucket's total";
  const over = TENDER_METRICS.filter((metric) => sent(metric) > transactions);
  for (const metric of over) {
    const stated = values.transactions === undefined ? "transactions is missing (0)" : `transactions is ${transactions}`;
    issues.push({ index, field: metric, problem: `${metric} is ${sent(metric)} but ${stated}`, fix });
  }
  if (over.length > 0) return;
  const total = TENDER_METRICS.reduce((sum, metric) => sum + sent(metric), 0);
  if (total > transactions) {
    issues.push({
      index,
      field: "transactions",
      problem: `the tender counts add up to ${total}, more than transactions ${transactions}`,
      fix,
    });
  }
}

/** Reports a bucket that starts after the current local hour or day. */
function futureProblem(
  grain: "hour" | "day",
  startMs: number,
  label: string,
  timezone: string,
  nowMs: number,
): { problem: string; fix: string } | null {
  const fix = "send only buckets that have started; live data goes to POST /v1/events";
  if (grain === "hour") {
    const currentHour = hourBucketStart(timezone, nowMs);
    if (startMs <= currentHour) return null;
    return {
      problem: `${label} is in the future: the current hour in ${timezone} started at ${formatLocal(timezone, currentHour)}`,
      fix,
    };
  }
  const today = localParts(timezone, nowMs).date;
  if (label <= today) return null;
  return { problem: `${label} is in the future: today is ${today} in ${timezone}`, fix };
}

/**
 * Validates backfill rows and converts them to bucket keys and minor units.
 * Hourly rows must start at a local hour and daily rows name a local date,
 * neither later than the current hour or day at `nowMs`. Amounts and counts
 * must not be negative, and tender counts must fit the transaction count.
 */
export function checkHistoryRows(
  grain: "hour" | "day",
  rows: unknown[],
  profile: Pick<LocationProfile, "timezone" | "currencyExponent">,
  nowMs: number,
): { rows: HistoryRow[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const converted: HistoryRow[] = [];
  const seen = new Set<number>();
  const schema = grain === "hour" ? HourlyHistoryRowSchema : DailyHistoryRowSchema;

  rows.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const described = toFieldIssues(parsed.error, raw, { schema, root: `rows[${index}]` });
      for (const issue of described) issues.push({ index, ...issue });
      return;
    }
    const row = parsed.data;
    const before = issues.length;
    let startMs: number;
    let date: string | undefined;
    let label: string;
    if ("start" in row) {
      startMs = timestampMs(row.start);
      label = row.start;
      if (hourBucketStart(profile.timezone, startMs) !== startMs) {
        issues.push({
          index,
          field: "start",
          problem: `${row.start} is not the start of a local hour in ${profile.timezone}`,
          fix: "send the hour's start, such as 2026-03-08T14:00:00-04:00",
        });
      }
    } else {
      date = row.date;
      label = row.date;
      startMs = dayStart(profile.timezone, date);
    }
    const field = grain === "hour" ? "start" : "date";
    const future = futureProblem(grain, startMs, label, profile.timezone, nowMs);
    if (future) issues.push({ index, field, ...future });
    if (seen.has(startMs)) {
      issues.push({ index, field, problem: "repeats an earlier row of this request", fix: "send each bucket once" });
    }
    seen.add(startMs);
    const values = convertValues(row, profile.currencyExponent, index, issues);
    checkTenders(values, index, issues);
    if (issues.length > before) return;
    converted.push({ startMs, date, values, open: row.open, events: row.events });
  });
  return { rows: converted, issues };
}
