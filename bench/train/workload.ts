/**
 * The simulated fleet of the training benchmark: its locations, their
 * hourly history and the same history as model points for the bare fit.
 */
import type { ApiClient } from "../../scripts/lib/api-client";
import { runPool } from "../../scripts/lib/progress";
import { historyHour } from "../../scripts/sim/activity";
import { currencyOf, toLocation } from "../../scripts/sim/locations";
import { MODELLED_METRICS, type Grain, type Metric } from "../../src/domain/metrics";
import { currencyExponent, toMinorUnits } from "../../src/domain/money";
import type { TrainingPoint } from "../../src/model";
import { createFleet, Random, type StoreSpec } from "../../src/simulation";
import { hourBucketStart, localParts, TIME } from "../../src/time/zone";

/** Locations per POST /v1/locations, as `npm start` sends them. */
const REGISTER_BATCH = 200;

type HistoryRow = ReturnType<typeof historyHour>;

/** Every modelled metric of one location at one grain, as model points. */
export type SeriesPoints = Record<Grain, Partial<Record<Metric, TrainingPoint[]>>>;

/**
 * Builds `count` stores with `historyDays` of history ending at `nowMs`.
 * Renovations and incidents are removed, so every store trains on plain
 * history and the jobs do comparable work.
 */
export function buildFleet(
  count: number,
  historyDays: number,
  seed: number,
  nowMs: number,
): StoreSpec[] {
  const startDate = new Date(nowMs - historyDays * TIME.DAY_MS).toISOString().slice(0, 10);
  const fleet = createFleet({ seed, stores: count, startDate, days: historyDays + 3 });
  return fleet.map((spec) => ({ ...spec, renovation: null, incidents: [] }));
}

/**
 * Draws the hourly history of one store, which depends only on the store
 * and `nowMs`, so the bare fit can redraw exactly what was backfilled.
 */
export function historyRows(spec: StoreSpec, historyDays: number, nowMs: number): HistoryRow[] {
  const random = new Random(spec.seed);
  const end = hourBucketStart(spec.timeZone, nowMs);
  const rows: HistoryRow[] = [];
  let t = hourBucketStart(spec.timeZone, end - historyDays * TIME.DAY_MS);
  for (; t < end; t = hourBucketStart(spec.timeZone, t + TIME.HOUR_MS)) {
    rows.push(historyHour(spec, t, random));
  }
  return rows;
}

/** Registers the fleet in requests of 200 locations. */
export async function registerFleet(api: ApiClient, fleet: StoreSpec[]): Promise<void> {
  for (let i = 0; i < fleet.length; i += REGISTER_BATCH) {
    await api.registerLocations(fleet.slice(i, i + REGISTER_BATCH).map(toLocation));
  }
}

/** Backfills every store's hourly history with `concurrency` requests in flight. */
export async function backfillFleet(
  api: ApiClient,
  fleet: StoreSpec[],
  options: {
    historyDays: number;
    nowMs: number;
    concurrency: number;
    onDone: (done: number) => void;
  },
): Promise<void> {
  let done = 0;
  await runPool(fleet, options.concurrency, async (spec) => {
    const rows = historyRows(spec, options.historyDays, options.nowMs);
    await api.request("POST", `/v1/locations/${spec.id}/history`, { grain: "hour", rows });
    options.onDone(++done);
  });
}

function metricValue(row: HistoryRow, metric: Metric, exponent: number): number {
  if (metric !== "sales") return row[metric as "transactions"];
  const minor = toMinorUnits(row.sales, exponent);
  if (!minor.ok) throw new Error(`simulated sales ${row.sales}: ${minor.problem}`);
  return minor.minor;
}

/**
 * Converts backfilled rows to the points a job fits: the hourly buckets,
 * and daily totals per local date, which is what the location's object
 * derives from hourly history when no daily export exists.
 */
export function seriesPoints(spec: StoreSpec, rows: HistoryRow[]): SeriesPoints {
  const exponent = currencyExponent(currencyOf(spec)) ?? 2;
  const points: SeriesPoints = { hour: {}, day: {} };
  for (const metric of MODELLED_METRICS) {
    const hourly = rows.map((row) => ({
      startMs: Date.parse(row.start),
      value: metricValue(row, metric, exponent),
      open: row.open,
    }));
    const byDate = new Map<string, TrainingPoint>();
    for (const point of hourly) {
      const date = localParts(spec.timeZone, point.startMs).date;
      const day = byDate.get(date) ?? { startMs: point.startMs, value: 0, open: false };
      day.value += point.value;
      day.open ||= point.open;
      byDate.set(date, day);
    }
    points.hour[metric] = hourly;
    points.day[metric] = [...byDate.values()];
  }
  return points;
}
