import { METRICS, type MetricValues } from "../../src/domain/metrics";

/** One backfilled row, already converted to bucket keys and minor units. */
export interface HistoryRow {
  /** UTC start of the local hour, or of the local day for daily rows. */
  startMs: number;
  /** Local date `YYYY-MM-DD`; set for daily rows only. */
  date?: string;
  values: Partial<MetricValues>;
  /** false when the location was known to be closed. */
  open?: boolean;
  events?: Record<string, 0 | 1>;
}

const columns = METRICS.join(", ");
const placeholders = METRICS.map(() => "?").join(", ");

function metricArgs(values: Partial<MetricValues>): number[] {
  return METRICS.map((m) => values[m] ?? 0);
}

function openArg(open: boolean | undefined): number | null {
  return open === undefined ? null : open ? 1 : 0;
}

/**
 * Writes hourly history rows, replacing any row with the same start: a
 * re-sent export converges to the same state instead of adding up.
 */
export function writeHourlyHistory(sql: SqlStorage, rows: HistoryRow[]): number {
  for (const row of rows) {
    sql.exec(
      `INSERT OR REPLACE INTO buckets (start_ms, ${columns}, open, events,
         closed, source) VALUES (?, ${placeholders}, ?, ?, 1, 'backfill')`,
      row.startMs,
      ...metricArgs(row.values),
      openArg(row.open),
      row.events ? JSON.stringify(row.events) : null,
    );
  }
  return rows.length;
}

/** Writes daily history rows, replacing any row of the same local date. */
export function writeDailyHistory(sql: SqlStorage, rows: HistoryRow[]): number {
  for (const row of rows) {
    sql.exec(
      `INSERT OR REPLACE INTO daily (date, start_ms, ${columns}, open, events)
       VALUES (?, ?, ${placeholders}, ?, ?)`,
      row.date ?? "",
      row.startMs,
      ...metricArgs(row.values),
      openArg(row.open),
      row.events ? JSON.stringify(row.events) : null,
    );
  }
  return rows.length;
}
