import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { AlertEventSchema, type AlertEvent } from "../alerts/alert-event";
import { alerts } from "../db/schema";
import { METRIC_KIND, type Metric } from "../domain/metrics";
import { currencyExponent } from "../domain/money";
import type { LocationInput } from "../domain/location";
import { openMinutes, type OpeningSchedule } from "../domain/opening-hours";
import { hourBucketStart, TIME } from "../time/zone";

/** Past anomalies marked on one chart, at most. */
const MAX_MARKED_ANOMALIES = 100;

/** One hour of the chart; values are null where nothing is stored. */
export interface ChartPoint {
  /** Bucket start in seconds since the epoch, as uPlot expects. */
  t: number;
  actual: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  /** The location is closed for the whole hour. */
  closed: boolean;
}

/** An anomaly drawn on the chart as a shaded span. */
export interface ChartAnomaly {
  anomalyId: string;
  type: string;
  severity: string;
  metric: string;
  startMs: number;
  /** Null while the anomaly is open. */
  endMs: number | null;
}

/** Chart endpoint response for one metric and range. */
export interface ChartSeries {
  metric: Metric;
  timezone: string;
  /** Currency of amount metrics, whose values are in major units. */
  currency: string | null;
  fromMs: number;
  toMs: number;
  points: ChartPoint[];
  anomalies: ChartAnomaly[];
}

function isClosedHour(schedule: OpeningSchedule, tz: string, startMs: number) {
  return openMinutes(schedule, tz, startMs) === 0;
}

/** The object's scored bucket, as `getSeries` returns it. */
interface SeriesPoint {
  startMs: number;
  value: number;
  open: boolean | null;
  expected?: number;
  lower?: number;
  upper?: number;
}

/**
 * Lays stored buckets on an hourly grid from `fromMs` to `toMs`, so a gap
 * shows as a gap and every hour can be shaded when the location is closed.
 * Amounts are converted from minor to major units.
 */
export function buildChartPoints(
  location: LocationInput,
  metric: Metric,
  stored: SeriesPoint[],
  range: { fromMs: number; toMs: number },
): ChartPoint[] {
  const tz = location.timezone;
  const schedule = { weekly: location.openingHours, exceptions: location.exceptions };
  const exponent = currencyExponent(location.currency) ?? 2;
  const scale = METRIC_KIND[metric] === "amount" ? 10 ** -exponent : 1;
  const byStart = new Map(stored.map((p) => [p.startMs, p]));
  const points: ChartPoint[] = [];
  for (
    let start = hourBucketStart(tz, range.fromMs);
    start < range.toMs;
    start += TIME.HOUR_MS
  ) {
    const point = byStart.get(start);
    const known = point?.open ?? null;
    points.push({
      t: start / 1000,
      actual: point ? point.value * scale : null,
      expected: point?.expected === undefined ? null : point.expected * scale,
      lower: point?.lower === undefined ? null : point.lower * scale,
      upper: point?.upper === undefined ? null : point.upper * scale,
      closed: known === null ? isClosedHour(schedule, tz, start) : !known,
    });
  }
  return points;
}

function toAnomaly(event: AlertEvent, open: boolean): ChartAnomaly {
  const ended = event.endedAt ?? (open ? undefined : event.updatedAt);
  return {
    anomalyId: event.anomalyId,
    type: event.type,
    severity: event.severity,
    metric: event.metric,
    startMs: Date.parse(event.startedAt.utc),
    endMs: ended === undefined ? null : Date.parse(ended),
  };
}

/**
 * Lists the location's anomalies that overlap the range: those the router
 * stored in D1, with the object's open anomalies taking precedence, since
 * the queue may not have delivered their latest event yet. An anomaly D1
 * still lists as firing but the object no longer has open is drawn as ended at
 * its last update.
 */
export async function listChartAnomalies(
  db: D1Database,
  locationId: string,
  openNow: AlertEvent[],
  range: { fromMs: number; toMs: number },
): Promise<ChartAnomaly[]> {
  const rows = await drizzle(db)
    .select({ event: alerts.event })
    .from(alerts)
    .where(
      and(
        eq(alerts.locationId, locationId),
        lt(alerts.startedAt, range.toMs),
        or(isNull(alerts.endedAt), gt(alerts.endedAt, range.fromMs)),
      ),
    )
    .limit(MAX_MARKED_ANOMALIES);
  const openIds = new Set(openNow.map((e) => e.anomalyId));
  const byId = new Map<string, ChartAnomaly>();
  for (const row of rows) {
    const parsed = AlertEventSchema.safeParse(row.event);
    // A row that no longer parses is left off the chart, not fatal to it.
    if (!parsed.success || openIds.has(parsed.data.anomalyId)) continue;
    byId.set(parsed.data.anomalyId, toAnomaly(parsed.data, false));
  }
  for (const event of openNow) byId.set(event.anomalyId, toAnomaly(event, true));
  return [...byId.values()].sort((a, b) => a.startMs - b.startMs);
}
