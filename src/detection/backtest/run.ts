/**
 * The backtest command's pure core: parse the CSV, replay each location
 * walk-forward, and format one output row per input row.
 */
import type { MetricKind } from "../../domain/metrics";
import { replay, type ReplayRow } from "../walk-forward";
import { parseBacktestCsv, type InputRow } from "./parse";

/** Options of a backtest run. */
export interface BacktestOptions {
  timeZone: string;
  kind: MetricKind;
  country?: string;
  /** Called after each location with (locations done, total locations). */
  onProgress?: (done: number, total: number, location: string) => void;
}

/** Counts reported at the end of a run. */
export interface BacktestSummary {
  rows: number;
  locations: number;
  flaggedRows: number;
  anomalies: number;
  unscoredRows: number;
}

/** Runs a backtest on CSV text and returns the output CSV and a summary. */
export function runBacktest(
  text: string,
  options: BacktestOptions,
): { csv: string; summary: BacktestSummary } {
  const input = parseBacktestCsv(text, options.timeZone, options.kind);
  const byLocation = new Map<string, InputRow[]>();
  for (const row of input.rows) {
    const list = byLocation.get(row.location) ?? [];
    list.push(row);
    byLocation.set(row.location, list);
  }
  const results = new Map<InputRow, ReplayRow>();
  let done = 0;
  for (const [location, rows] of byLocation) {
    const replayed = replay(rows.map((r) => r.point), {
      grain: input.grain,
      kind: options.kind,
      timeZone: options.timeZone,
      country: options.country,
    });
    rows.forEach((row, i) => results.set(row, replayed[i]));
    options.onProgress?.(++done, byLocation.size, location);
  }

  const header = [
    ...(input.hasLocation ? ["location"] : []),
    "timestamp", "value", "expected", "lower", "upper", "anomaly_score", "is_anomaly",
  ];
  const lines = [header.join(",")];
  const summary: BacktestSummary = {
    rows: input.rows.length, locations: byLocation.size, flaggedRows: 0, anomalies: 0, unscoredRows: 0,
  };
  for (const row of input.rows) {
    const r = results.get(row)!;
    // A known-closed row is never an anomaly, even while one stays open.
    const flagged = r.isAnomaly && row.point.open !== false;
    if (flagged) summary.flaggedRows++;
    if (r.transition === "opened") summary.anomalies++;
    if (r.expected === null) summary.unscoredRows++;
    lines.push([
      ...(input.hasLocation ? [row.location] : []),
      row.timestamp,
      Number.isFinite(row.point.value) ? String(row.point.value) : "",
      formatNumber(r.expected),
      formatNumber(r.lower),
      formatNumber(r.upper),
      r.anomalyScore.toFixed(3),
      flagged ? "1" : "0",
    ].join(","));
  }
  return { csv: lines.join("\n") + "\n", summary };
}

function formatNumber(value: number | null): string {
  if (value === null) return "";
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
