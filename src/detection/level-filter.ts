/**
 * Day-level correction of a model's level forecast between retrains. A
 * model's level is estimated once per retrain and is then off by about the
 * same amount every day until the next one. On the synthetic benchmark
 * fleet that shared part was three quarters of the variance of the level
 * forecast's error. Each normal day the model has scored shows how far off
 * it is, so a Kalman filter on the log ratio of actual to expected day
 * totals learns the error and narrows the day spread accordingly.
 *
 * A day far from the filter's expectation is not learned: it is the kind
 * of day detection looks for. The correction is also limited to one sd of
 * the level forecast error and half a sd of the day's own noise, so a slow
 * decline is not followed down.
 */
import { z } from "zod";
import { fromDistribution } from "../model/predict";
import type { BucketDistribution, Prediction } from "../model/types";
import type { RecentBucket } from "./window";

/** Days beyond this many sd of the innovation are not learned. */
const OUTLIER_SD = 2.5;
/**
 * Largest correction, in sd of the model's level forecast error and in sd
 * of one day's own noise. A slow decline moves each day by less than the
 * outlier limit, so whatever the filter learns of it is lost to detection.
 * On the synthetic benchmark fleet, allowing a whole day sd instead of half
 * lost 0.007 of recall on detectable incidents, and no limit lost 0.010.
 */
const MAX_SHIFT_SD = 1;
const MAX_SHIFT_DAY_SD = 0.5;
/** Expected units a day needs before it updates the filter. */
const MIN_DAY_UNITS = 20;
/** Drift of the level error per day, as a share of its prior variance. */
const DRIFT_SHARE_PER_DAY = 0.02;

/** Buckets of the local day being accumulated. */
const PendingDaySchema = z.object({
  g: z.number().int(),
  actual: z.number(),
  mean: z.number(),
  independent: z.number(),
  dayLogVariance: z.number(),
  unit: z.number(),
  /** False once a bucket of the day breached or could be a closure. */
  learnable: z.boolean(),
});

/** Filter state, persisted with the detector. */
export const LevelFilterStateSchema = z.object({
  /** Training end of the model the correction applies to. */
  origin: z.number(),
  /** Log correction of the model's level, and its variance. */
  shift: z.number(),
  variance: z.number().nonnegative(),
  /** Prior variance of the level error (from the model). */
  prior: z.number().nonnegative(),
  pending: PendingDaySchema.nullable(),
});
export type LevelFilterState = z.infer<typeof LevelFilterStateSchema>;

/** Returns a filter with no knowledge of the model's level error. */
export function resetFilter(origin: number, prior: number): LevelFilterState {
  return { origin, shift: 0, variance: prior, prior, pending: null };
}

type PendingDay = z.infer<typeof PendingDaySchema>;

function learnDay(state: LevelFilterState, day: PendingDay): LevelFilterState {
  const units = day.mean / (day.unit || 1);
  if (!day.learnable || units < MIN_DAY_UNITS || !(day.actual > 0)) return state;
  const observed = Math.log(day.actual / day.mean);
  const noise = day.dayLogVariance - state.prior + day.independent / (day.mean * day.mean);
  const innovation = observed - state.shift;
  const spread = state.variance + Math.max(noise, 1e-6);
  if (Math.abs(innovation) > OUTLIER_SD * Math.sqrt(spread)) return state;
  const gain = state.variance / spread;
  const limit = Math.min(
    MAX_SHIFT_SD * Math.sqrt(state.prior),
    MAX_SHIFT_DAY_SD * Math.sqrt(Math.max(noise, 0)),
  );
  const shift = Math.max(-limit, Math.min(limit, state.shift + gain * innovation));
  return { ...state, shift, variance: (1 - gain) * state.variance };
}

/**
 * Brings the filter to the local day `g` of a bucket predicted by the model
 * trained through `origin`. A new model starts it afresh with its own level
 * error variance. The first bucket of a new day closes the previous day,
 * which updates the correction.
 */
export function advanceFilter(
  state: LevelFilterState | null,
  origin: number,
  levelVariance: number,
  g: number,
): LevelFilterState {
  let next = state && state.origin === origin ? state : resetFilter(origin, levelVariance);
  if (next.pending && next.pending.g !== g) {
    const days = Math.max(1, g - next.pending.g);
    next = learnDay(next, next.pending);
    next = {
      ...next,
      variance: Math.min(next.prior, next.variance + DRIFT_SHARE_PER_DAY * next.prior * days),
      pending: null,
    };
  }
  return next;
}

/**
 * Adds a scored bucket, as the model predicted it, to its day. A day with a
 * breaching bucket, a holiday or a possible closure is not learned.
 */
export function addToDay(
  state: LevelFilterState,
  bucket: RecentBucket,
  learnable: boolean,
): LevelFilterState {
  const pending = state.pending ?? {
    g: bucket.g, actual: 0, mean: 0, independent: 0,
    dayLogVariance: Math.log1p(bucket.k), unit: bucket.u, learnable: true,
  };
  return {
    ...state,
    pending: {
      ...pending,
      actual: pending.actual + bucket.a,
      mean: pending.mean + bucket.m,
      independent: pending.independent + bucket.v,
      learnable: pending.learnable && learnable,
    },
  };
}

/** Reports whether a prediction carries what the filter needs. */
export function filterable(distribution: BucketDistribution): boolean {
  return distribution.levelOrigin !== undefined && (distribution.levelVariance ?? 0) > 0;
}

/**
 * Returns `prediction` with the filter's level correction applied and the
 * level part of its day spread narrowed to what the filter still does not
 * know. A filter that belongs to another model changes nothing.
 */
export function correctPrediction(
  state: LevelFilterState | null,
  prediction: Prediction,
): Prediction {
  const d = prediction.distribution;
  if (!state || state.origin !== d.levelOrigin || d.closed || !filterable(d)) return prediction;
  const scale = Math.exp(state.shift);
  const logVariance = Math.max(0, Math.log1p(d.dayVariance) - state.prior + state.variance);
  return fromDistribution({
    ...d,
    openMean: d.openMean * scale,
    varianceIndependent: d.varianceIndependent * scale,
    dayVariance: Math.expm1(logVariance),
    levelVariance: state.variance,
  });
}
