import { METRICS, type Metric } from "../../src/domain/metrics";
import { localParts } from "../../src/time/zone";

/** One bucket of one metric as read back from storage. */
export interface StoredPoint {
  startMs: number;
  value: number;
  /** false when known closed, true when known open, null when unknown. */
  open: boolean | null;
  events?: Record<string, 0 | 1>;
  closed: boolean;
  /** Local date of a daily point. */
  date?: string;
}

type Row = {
  start_ms: number;
  value: number;
  open: number | null;
  events: string | null;
  closed?: number;
  date?: string;
};

function column(metric: Metric): string {
  // The metric is interpolated into SQL, so it must be one of the known names.
  if (!METRICS.includes(metric)) throw new RangeError(`unknown metric ${metric}`);
  return metric;
}

function toPoint(row: Row): StoredPoint {
  return {
    startMs: row.start_ms,
    value: row.value,
    open: row.open === null ? null : row.open === 1,
    events: row.events ? JSON.parse(row.events) : undefined,
    closed: row.closed === undefined ? true : row.closed === 1,
    date: row.date,
  };
}

/** Reads hourly buckets with `fromMs <= start < toMs`, oldest first. */
export function readHourly(
  sql: SqlStorage,
  metric: Metric,
  fromMs: number,
  toMs: number,
): StoredPoint[] {
  return sql
    .exec<Row>(
      `SELECT start_ms, ${column(metric)} AS value, open, events, closed
       FROM buckets WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms`,
      fromMs,
      toMs,
    )
    .toArray()
    .map(toPoint);
}

/**
 * Reads daily values with `fromMs <= day start < toMs`: warehouse rows where
 * they exist, otherwise the sum of that local day's closed hourly buckets.
 */
export function readDaily(
  sql: SqlStorage,
  timeZone: string,
  metric: Metric,
  fromMs: number,
  toMs: number,
): StoredPoint[] {
  const byDate = new Map<string, StoredPoint>();
  const daily = sql
    .exec<Row>(
      `SELECT date, start_ms, ${column(metric)} AS value, open, events
       FROM daily WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms`,
      fromMs,
      toMs,
    )
    .toArray();
  for (const row of daily) byDate.set(row.date ?? "", toPoint(row));
  const warehouseDates = new Set(byDate.keys());

  for (const hour of readHourly(sql, metric, fromMs, toMs)) {
    const date = localParts(timeZone, hour.startMs).date;
    if (warehouseDates.has(date)) continue;
    const point = byDate.get(date) ?? {
      startMs: hour.startMs,
      value: 0,
      open: null,
      closed: true,
      date,
    };
    point.value += hour.value;
    point.closed &&= hour.closed;
    if (hour.open === true) point.open = true;
    else if (hour.open === false && point.open === null) point.open = false;
    byDate.set(date, point);
  }
  return [...byDate.values()].sort((a, b) => a.startMs - b.startMs);
}
