import { z } from "zod";
import type { FieldIssue } from "../api/errors";
import { toFieldIssues } from "../api/validation";
import { TimestampSchema } from "../domain/event";
import type { LocationProfile } from "../domain/location";
import { METRIC_KIND, METRICS, type MetricValues } from "../domain/metrics";
import { toMinorUnits } from "../domain/money";
import { dayStart, hourBucketStart, parseDate } from "../time/zone";
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

export const HourlyHistoryRowSchema = z.object({
  start: TimestampSchema,
  ...metricFields,
  open: z.boolean().optional(),
  events: EventsSchema.optional(),
});

export const DailyHistoryRowSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a local date YYYY-MM-DD"),
  ...metricFields,
  open: z.boolean().optional(),
  events: EventsSchema.optional(),
});

type RawRow = z.infer<typeof HourlyHistoryRowSchema> | z.infer<typeof DailyHistoryRowSchema>;

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
    if (!minor.ok) issues.push({ index, field: metric, problem: minor.problem, fix: minor.fix });
    else values[metric] = minor.minor;
  }
  return values;
}

/**
 * Validates backfill rows and converts them to bucket keys and minor units.
 * Hourly rows must start at a local hour; daily rows name a local date.
 */
export function checkHistoryRows(
  grain: "hour" | "day",
  rows: unknown[],
  profile: Pick<LocationProfile, "timezone" | "currencyExponent">,
): { rows: HistoryRow[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const converted: HistoryRow[] = [];
  const seen = new Set<number>();
  const schema = grain === "hour" ? HourlyHistoryRowSchema : DailyHistoryRowSchema;

  rows.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of toFieldIssues(parsed.error, raw)) issues.push({ index, ...issue });
      return;
    }
    const row = parsed.data;
    const before = issues.length;
    let startMs: number;
    let date: string | undefined;
    if ("start" in row) {
      startMs = Date.parse(row.start);
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
      try {
        parseDate(date);
      } catch (error) {
        issues.push({ index, field: "date", problem: (error as Error).message, fix: "send a real calendar date" });
        return;
      }
      startMs = dayStart(profile.timezone, date);
    }
    if (seen.has(startMs)) {
      issues.push({ index, field: grain === "hour" ? "start" : "date", problem: "repeats an earlier row of this request", fix: "send each bucket once" });
    }
    seen.add(startMs);
    const values = convertValues(row, profile.currencyExponent, index, issues);
    if (issues.length > before) return;
    converted.push({ startMs, date, values, open: row.open, events: row.events });
  });
  return { rows: converted, issues };
}
