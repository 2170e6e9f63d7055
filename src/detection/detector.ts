/**
 * The detector one location-metric runs: fed once per closed bucket with
 * the bucket's actual and prediction, it scores the windows, tracks the
 * anomaly lifecycle, and returns a small JSON state to persist.
 */
import { z } from "zod";
import type { Grain } from "../domain/metrics";
import type { Prediction } from "../model/types";
import { stepLifecycle, type LifecycleState, type Transition } from "./lifecycle";
import { scoreWindows, type BucketScore } from "./score";
import { type DetectorSettings, WINDOW_BUCKETS } from "./settings";
import { lowerP, sumWindow, upperP, type RecentBucket } from "./window";
import {
  addToDay,
  advanceFilter,
  correctPrediction,
  filterable,
  LevelFilterStateSchema,
} from "./level-filter";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const DETECTOR_STATE_VERSION = 1;

const RecentBucketSchema = z.object({
  t: z.number(), a: z.number(), m: z.number(), v: z.number(),
  k: z.number(), w: z.number(), kw: z.number(),
  g: z.number().int(), z: z.number(), u: z.number(),
});

const AnomalySchema = z.object({
  direction: z.enum(["drop", "spike"]),
  startedMs: z.number(),
  breachingBuckets: z.number().int(),
  openedMs: z.number().nullable(),
  recoveredBuckets: z.number().int(),
  peakScore: z.number(),
  severity: z.enum(["minor", "major", "critical"]),
});

/** Persisted detector state; validate it when reading it back. */
export const DetectorStateSchema = z.object({
  version: z.literal(DETECTOR_STATE_VERSION),
  recent: z.array(RecentBucketSchema),
  /** Windows never reach before this instant (the last resolution). */
  evidenceFromMs: z.number(),
  lifecycle: z.object({
    phase: z.enum(["normal", "pending", "open"]),
    anomaly: AnomalySchema.nullable(),
  }),
  /** Correction of the live model's level (absent in older states). */
  filter: LevelFilterStateSchema.nullable().optional(),
});
export type DetectorState = z.infer<typeof DetectorStateSchema>;

/** One closed bucket as the detector receives it. */
export interface BucketObservation {
  /** UTC start of the bucket. */
  startMs: number;
  /** The bucket's value, or null when no data arrived (feed silent). */
  actual: number | null;
  prediction: Prediction;
}

/** Result of one step. */
export interface DetectorStep {
  state: DetectorState;
  /**
   * The bucket's prediction as the detector judged it: the model's, with
   * the level correction learned since the model went live.
   */
  judged: Prediction;
  score: BucketScore;
  transition: Transition | null;
  /** True while an anomaly is open after this bucket. */
  isAnomaly: boolean;
}

/** Returns the state of a detector that has seen nothing yet. */
export function createDetectorState(): DetectorState {
  return {
    version: DETECTOR_STATE_VERSION,
    recent: [],
    evidenceFromMs: 0,
    lifecycle: { phase: "normal", anomaly: null },
  };
}

function toRecent(prediction: Prediction, startMs: number, actual: number): RecentBucket {
  const d = prediction.distribution;
  return {
    t: startMs,
    a: actual,
    m: d.openMean,
    v: d.varianceIndependent,
    k: d.dayVariance,
    w: d.dayTailWeight,
    kw: d.dayTailVariance,
    g: d.localDay,
    z: d.zeroProbability,
    u: d.unit,
  };
}

function keepRecent(recent: RecentBucket[], grain: Grain, last: RecentBucket) {
  const longest = Math.max(...WINDOW_BUCKETS[grain]);
  return recent.filter((b) =>
    grain === "hour" ? b.t > last.t - longest * HOUR_MS : b.g > last.g - longest,
  );
}

/** Processes one closed bucket and returns the new state and its score. */
export function observeBucket(
  state: DetectorState,
  observation: BucketObservation,
  settings: DetectorSettings,
): DetectorStep {
  const grain = settings.grain;
  const bucketEndMs = observation.startMs + (grain === "hour" ? HOUR_MS : DAY_MS);
  const d = observation.prediction.distribution;
  // Nothing expected and nothing sold (a night hour with a profile of zero)
  // carries no evidence either way, like a known-closed bucket.
  const empty = d.openMean <= 0 && observation.actual === 0;
  const scorable = observation.actual !== null && !d.closed && !empty &&
    observation.startMs >= state.evidenceFromMs;

  let recent = state.recent;
  let filter = state.filter ?? null;
  if (scorable && filterable(d)) {
    filter = advanceFilter(filter, d.levelOrigin!, d.levelVariance!, d.localDay);
  }
  const judged = correctPrediction(filter, observation.prediction);
  let score: BucketScore = { anomalyScore: 0, breach: null, explanation: null };
  if (scorable) {
    const actual = Math.max(0, observation.actual!);
    const entry = toRecent(judged, observation.startMs, actual);
    recent = keepRecent([...state.recent, entry], grain, entry);
    score = scoreWindows(recent, grain, settings.breachPScale);
    if (filter && filterable(d)) {
      // The filter learns from the day as the model predicted it.
      const learnable = !d.holiday && d.zeroProbability === 0 && score.breach === null;
      filter = addToDay(filter, toRecent(observation.prediction, observation.startMs, actual), learnable);
    }
  }

  const recovered = scorable && isRecovered(state.lifecycle, recent, settings);
  const step = stepLifecycle(
    state.lifecycle,
    { startMs: observation.startMs, bucketEndMs, scorable, score, recovered },
    settings.lifecycle,
  );
  const resolved = step.transition?.type === "resolved";
  const next: DetectorState = {
    version: DETECTOR_STATE_VERSION,
    // After a resolution the windows start afresh, so the evidence that
    // opened the anomaly cannot open it again.
    recent: resolved ? [] : recent,
    evidenceFromMs: resolved ? bucketEndMs : state.evidenceFromMs,
    lifecycle: step.state,
    filter,
  };
  return {
    state: next,
    judged,
    score,
    transition: step.transition,
    isAnomaly: step.state.phase === "open",
  };
}

/**
 * Recovery: the newest buckets, taken back until enough counts were
 * expected to judge, no longer deviate in the anomaly's direction.
 */
function isRecovered(
  lifecycle: LifecycleState,
  recent: RecentBucket[],
  settings: DetectorSettings,
): boolean {
  const anomaly = lifecycle.anomaly;
  if (lifecycle.phase !== "open" || !anomaly || recent.length === 0) return false;
  const rule = settings.lifecycle[anomaly.direction];
  const window: RecentBucket[] = [];
  let expectedUnits = 0;
  for (let i = recent.length - 1; i >= 0; i--) {
    window.push(recent[i]);
    expectedUnits += recent[i].m / (recent[i].u || 1);
    const enough = expectedUnits >= rule.recoveryMinExpectedUnits &&
      window.length >= rule.recoveryMinBuckets;
    if (enough) break;
  }
  const totals = sumWindow(window);
  const p = anomaly.direction === "drop" ? lowerP(totals) : upperP(totals);
  return p >= rule.recoveryPValue;
}
