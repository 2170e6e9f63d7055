/**
 * The synthetic benchmark set: one fleet store at a time, generated, then
 * replayed through the model, the oracle and both baselines.
 */
import { createDetectorState, defaultDetectorSettings, observeBucket } from "../../src/detection";
import { replay } from "../../src/detection/walk-forward";
import type { Prediction, TrainingPoint } from "../../src/model";
import { createFleet, generateSeries, truthBucket, type StoreSeries } from "../../src/simulation";
import { dayStart, TIME } from "../../src/time/zone";
import { baselineSeries } from "./baselines";
import type { EvalSeries } from "./evaluate";

/** Parameters of the synthetic set. */
export interface SyntheticOptions {
  seed: number;
  stores: number;
  startDate: string;
  days: number;
  /** Days of history before scoring starts. */
  warmupDays: number;
}

/** Results of one store for every detector, baselines at each setting included. */
export interface StoreResult {
  series: Record<string, EvalSeries>;
  retrains: number;
  promoted: number;
  fitMs: number;
}

function pointsOf(series: StoreSeries): TrainingPoint[] {
  return series.rows.map((r) => ({ startMs: r.startMs, value: r.value, open: r.open, events: r.events }));
}

function oracleFlags(series: StoreSeries, fromIndex: number): boolean[] {
  const settings = defaultDetectorSettings("hour");
  let state = createDetectorState();
  const flags: boolean[] = new Array(series.rows.length).fill(false);
  for (let i = fromIndex; i < series.rows.length; i++) {
    const row = series.rows[i];
    const b = truthBucket(series.spec, row, series.kind);
    const prediction: Prediction = {
      mean: b.m, lower: 0, upper: 0,
      distribution: {
        family: "negative_binomial", openMean: b.m, varianceIndependent: b.v,
        dayVariance: b.k, dayTailWeight: 0, dayTailVariance: 0, unit: b.u, zeroProbability: 0, localDay: b.g, closed: !row.open,
      },
    };
    const step = observeBucket(state, { startMs: row.startMs, actual: row.value, prediction }, settings);
    state = step.state;
    flags[i] = step.isAnomaly;
  }
  return flags;
}

/** Generates and scores store `index` of the fleet. */
export function runSyntheticStore(options: SyntheticOptions, index: number): StoreResult {
  const fleet = createFleet({
    seed: options.seed, stores: options.stores, startDate: options.startDate,
    days: options.days,
  });
  const spec = fleet[index];
  const fromMs = dayStart(spec.timeZone, options.startDate);
  const toMs = fromMs + options.days * TIME.DAY_MS;
  const series = generateSeries(spec, fromMs, toMs, "count");
  const evalFromMs = fromMs + options.warmupDays * TIME.DAY_MS;
  const fromIndex = series.rows.findIndex((r) => r.startMs >= evalFromMs);

  let retrains = 0, promoted = 0;
  const started = performance.now();
  const rows = replay(pointsOf(series), { grain: "hour", kind: "count", timeZone: spec.timeZone, country: spec.country }, {
    scoreFromIndex: fromIndex,
    onRetrain: (o) => { retrains++; if (o.decision === "promoted") promoted++; },
  });
  const fitMs = performance.now() - started;
  const modelFlags = [...new Array(fromIndex).fill(false), ...rows.map((r) => r.isAnomaly)];

  const input = {
    startMs: series.rows.map((r) => r.startMs),
    value: series.rows.map((r) => r.value),
    open: series.rows.map((r) => r.open),
    grain: "hour" as const,
  };
  const base: Omit<EvalSeries, "isAnomaly"> = {
    id: spec.id,
    startMs: input.startMs,
    incidents: series.incidents,
    excused: spec.renovation
      ? [{ startMs: dayStart(spec.timeZone, spec.renovation.reopens), endMs: dayStart(spec.timeZone, spec.renovation.reopens) + 21 * TIME.DAY_MS }]
      : [],
    fromMs: evalFromMs,
    toMs,
  };
  return {
    series: {
      model: { ...base, isAnomaly: modelFlags },
      oracle: { ...base, isAnomaly: oracleFlags(series, fromIndex) },
      ...Object.fromEntries(
        Object.entries(baselineSeries(input)).map(([name, isAnomaly]) => [name, { ...base, isAnomaly }]),
      ),
    },
    retrains,
    promoted,
    fitMs,
  };
}
