import {
  createDetectorState,
  defaultDetectorSettings,
  DetectorStateSchema,
  observeBucket,
  type DetectorState,
  type DetectorStep,
} from "../../src/detection";
import type { LocationProfile } from "../../src/domain/location";
import { knownEvents } from "../../src/domain/known-events";
import { knownOpen } from "../../src/domain/known-open";
import { MODELLED_METRICS, type Grain, type Metric } from "../../src/domain/metrics";
import { predict, type ModelArtifact, type Prediction } from "../../src/model";
import { dayStart, localParts } from "../../src/time/zone";
import { nextBucketStart } from "./clock";
import { readDaily, readHourly } from "./series";

/** A live model as the object keeps it in memory. */
export interface LiveModel {
  version: number;
  artifact: ModelArtifact;
}

/** One detector step of one metric, with what produced it. */
export interface MetricStep {
  metric: Metric;
  grain: Grain;
  startMs: number;
  bucketEndMs: number;
  actual: number | null;
  prediction: Prediction;
  modelVersion: number;
  step: DetectorStep;
}

function readDetector(sql: SqlStorage, metric: Metric, grain: Grain): DetectorState {
  const row = sql
    .exec<{ state: string }>("SELECT state FROM detectors WHERE metric = ? AND grain = ?", metric, grain)
    .toArray()[0];
  if (!row) return createDetectorState();
  const parsed = DetectorStateSchema.safeParse(JSON.parse(row.state));
  // A state written by an older detector version starts afresh.
  return parsed.success ? parsed.data : createDetectorState();
}

function writeDetector(sql: SqlStorage, metric: Metric, grain: Grain, state: DetectorState) {
  sql.exec(
    "INSERT OR REPLACE INTO detectors (metric, grain, state) VALUES (?, ?, ?)",
    metric,
    grain,
    JSON.stringify(state),
  );
}

function writeScore(sql: SqlStorage, result: MetricStep) {
  sql.exec(
    `INSERT OR REPLACE INTO scores (start_ms, metric, grain, actual, expected,
       lower, upper, score, window_buckets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    result.startMs,
    result.metric,
    result.grain,
    result.actual,
    result.step.judged.mean,
    result.step.judged.lower,
    result.step.judged.upper,
    result.step.score.anomalyScore,
    result.step.score.explanation?.windowBuckets ?? null,
  );
}

function observe(
  sql: SqlStorage,
  metric: Metric,
  grain: Grain,
  model: LiveModel,
  bucket: { startMs: number; endMs: number; actual: number | null; open: boolean | null; events?: Record<string, 0 | 1> },
): MetricStep {
  const prediction = predict(model.artifact, bucket.startMs, { open: bucket.open, events: bucket.events });
  const step = observeBucket(
    readDetector(sql, metric, grain),
    { startMs: bucket.startMs, actual: bucket.actual, prediction },
    defaultDetectorSettings(grain),
  );
  writeDetector(sql, metric, grain, step.state);
  const result = {
    metric,
    grain,
    startMs: bucket.startMs,
    bucketEndMs: bucket.endMs,
    actual: bucket.actual,
    prediction,
    modelVersion: model.version,
    step,
  };
  writeScore(sql, result);
  return result;
}

/**
 * Scores a just-closed hourly bucket with each metric's live hourly model,
 * and, when it was the last hour of a local day, the day with each metric's
 * daily model where no hourly model exists yet. `noData` marks a bucket the
 * feed was silent for: it is never evidence of normal.
 */
export function scoreClosedBucket(
  sql: SqlStorage,
  profile: LocationProfile,
  models: Map<string, LiveModel>,
  startMs: number,
  noData: boolean,
): MetricStep[] {
  const tz = profile.timezone;
  const endMs = nextBucketStart(tz, startMs);
  const steps: MetricStep[] = [];
  const dayEnds = localParts(tz, endMs).date !== localParts(tz, startMs).date;
  const date = localParts(tz, startMs).date;

  for (const metric of MODELLED_METRICS) {
    const hourly = models.get(`${metric}:hour`);
    if (hourly) {
      const point = readHourly(sql, metric, startMs, startMs + 1)[0];
      const open = point?.open ?? knownOpen(profile, startMs);
      const actual = noData ? null : (point?.value ?? 0);
      const events = point?.events ?? knownEvents(profile, startMs);
      steps.push(observe(sql, metric, "hour", hourly, { startMs, endMs, actual, open, events }));
      continue;
    }
    const daily = models.get(`${metric}:day`);
    if (!daily || !dayEnds) continue;
    const dayStartMs = dayStart(tz, date);
    const point = readDaily(sql, tz, metric, dayStartMs, dayStartMs + 1)[0];
    const open = point?.open ?? knownOpen(profile, dayStartMs, endMs - dayStartMs);
    steps.push(
      observe(sql, metric, "day", daily, {
        startMs: dayStartMs,
        endMs,
        actual: noData && !point ? null : (point?.value ?? 0),
        open,
        events: point?.events ?? knownEvents(profile, dayStartMs),
      }),
    );
  }
  return steps;
}

/** Reads stored scores of one metric in a range, keyed by bucket start. */
export function readScores(sql: SqlStorage, metric: Metric, grain: Grain, fromMs: number, toMs: number) {
  const rows = sql
    .exec<{ start_ms: number; actual: number | null; expected: number; lower: number; upper: number; score: number }>(
      `SELECT start_ms, actual, expected, lower, upper, score FROM scores
       WHERE metric = ? AND grain = ? AND start_ms >= ? AND start_ms < ?`,
      metric,
      grain,
      fromMs,
      toMs,
    )
    .toArray();
  return new Map(rows.map((row) => [row.start_ms, row]));
}

/** Sums expected minus actual sales since `fromMs`: the running impact. */
export function salesShortfall(sql: SqlStorage, grain: Grain, fromMs: number): number {
  const row = sql
    .exec<{ lost: number | null }>(
      `SELECT sum(expected - coalesce(actual, 0)) AS lost FROM scores
       WHERE metric = 'sales' AND grain = ? AND start_ms >= ?`,
      grain,
      fromMs,
    )
    .toArray()[0];
  return Math.round(row?.lost ?? 0);
}


/**
 * Rescores closed buckets that received late events: the stored score gets
 * the new actual, and each detector's recent window is patched, so a flush
 * of buffered sales leaves no dip behind and later windows see real sums.
 */
export function rescoreLateBuckets(
  sql: SqlStorage,
  profile: LocationProfile,
  models: Map<string, LiveModel>,
  starts: number[],
): number {
  let rescored = 0;
  for (const metric of MODELLED_METRICS) {
    const model = models.get(`${metric}:hour`);
    if (!model) continue;
    const state = readDetector(sql, metric, "hour");
    for (const startMs of starts) {
      const point = readHourly(sql, metric, startMs, startMs + 1)[0];
      if (!point) continue;
      const open = point.open ?? knownOpen(profile, startMs);
      const events = point.events ?? knownEvents(profile, startMs);
      const prediction = predict(model.artifact, startMs, { open, events });
      const alone = observeBucket(
        createDetectorState(),
        { startMs, actual: point.value, prediction },
        defaultDetectorSettings("hour"),
      );
      sql.exec(
        `UPDATE scores SET actual = ?, score = ? WHERE metric = ? AND grain = 'hour' AND start_ms = ?`,
        point.value,
        alone.score.anomalyScore,
        metric,
        startMs,
      );
      const entry = state.recent.find((b) => b.t === startMs);
      if (entry) entry.a = point.value;
      rescored += 1;
    }
    writeDetector(sql, metric, "hour", state);
  }
  return rescored;
}
