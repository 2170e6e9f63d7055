/**
 * Scoring-side use of an artifact: the distribution of one bucket, of the
 * elapsed part of a bucket, and of a sum of buckets (a day from its hours).
 */
import type { ModelArtifact } from "./artifact";
import { localPosition } from "./local-time";
import { totalQuantile, type TotalMoments } from "./stats/count-distribution";
import type { BucketDistribution, Prediction, PredictionContext } from "./types";

/** Central interval reported with every prediction: 99%. */
export const INTERVAL_LOWER_QUANTILE = 0.005;
export const INTERVAL_UPPER_QUANTILE = 0.995;

interface HolidayLookup {
  logFactor: number;
  extraSd: number;
  closedProbability: number;
}

const holidayIndexes = new WeakMap<ModelArtifact, Map<number, HolidayLookup>>();

function holidayOn(model: ModelArtifact, day: number): HolidayLookup | undefined {
  let index = holidayIndexes.get(model);
  if (!index) {
    index = new Map(
      model.holidays.map(([d, logFactor, extraSd, closedProbability]) => [
        d,
        { logFactor, extraSd, closedProbability },
      ]),
    );
    holidayIndexes.set(model, index);
  }
  return index.get(day);
}

function levelOn(model: ModelArtifact, day: number): number {
  const k = day - model.firstForecastDay;
  const last = model.levels.length - 1;
  return model.levels[Math.min(Math.max(k, 0), last)];
}

/** Predicts the bucket starting at `startMs` (UTC) under `context`. */
export function predict(
  model: ModelArtifact,
  startMs: number,
  context: PredictionContext,
): Prediction {
  const { day, slot } = localPosition(model.timeZone, startMs, model.grain);
  if (context.open === false) return closedPrediction(model, day);

  let logMultiplier = levelOn(model, day);
  if (context.events) {
    for (const [name, flag] of Object.entries(context.events)) {
      if (flag === 1) logMultiplier += model.events[name] ?? 0;
    }
  }
  const holiday = holidayOn(model, day);
  let daySd = model.noise.daySd;
  let zeroProbability = 0;
  if (holiday) {
    logMultiplier += holiday.logFactor;
    daySd = Math.hypot(daySd, holiday.extraSd);
    zeroProbability = holiday.closedProbability;
  }
  const openMean = model.profile[slot] * Math.exp(logMultiplier);
  const { unit, alpha } = model.noise;
  return fromDistribution({
    family: "negative_binomial",
    openMean,
    varianceIndependent: unit * openMean + alpha * openMean * openMean,
    dayVariance: Math.expm1(daySd * daySd),
    dayTailWeight: model.noise.tailWeight,
    dayTailVariance: Math.expm1((daySd * model.noise.tailScale) ** 2),
    unit,
    zeroProbability,
    localDay: day,
    closed: false,
    levelVariance: (model.noise.levelSd ?? 0) ** 2,
    levelOrigin: model.trainedThroughMs,
    holiday: holiday !== undefined,
  });
}

function closedPrediction(model: ModelArtifact, day: number): Prediction {
  return {
    mean: 0,
    lower: 0,
    upper: 0,
    distribution: {
      family: "negative_binomial",
      openMean: 0,
      varianceIndependent: 0,
      dayVariance: 0,
      dayTailWeight: 0,
      dayTailVariance: 0,
      unit: model.noise.unit,
      zeroProbability: 1,
      localDay: day,
      closed: true,
    },
  };
}

/**
 * Moments of one bucket's total, day multiplier included; the multiplier's
 * two components enter through their mixed variance.
 */
export function bucketMoments(distribution: BucketDistribution): TotalMoments {
  const mean = distribution.openMean;
  const w = distribution.dayTailWeight;
  const dayVariance = (1 - w) * distribution.dayVariance + w * distribution.dayTailVariance;
  return {
    mean,
    variance: distribution.varianceIndependent + dayVariance * mean * mean,
    unit: distribution.unit,
    zeroProbability: distribution.closed ? 1 : distribution.zeroProbability,
  };
}

/** Builds a prediction with its 99% interval from a distribution. */
export function fromDistribution(distribution: BucketDistribution): Prediction {
  if (distribution.closed || distribution.openMean <= 0) {
    return { mean: 0, lower: 0, upper: 0, distribution };
  }
  const moments = bucketMoments(distribution);
  return {
    mean: (1 - moments.zeroProbability) * moments.mean,
    lower: totalQuantile(moments, INTERVAL_LOWER_QUANTILE),
    upper: totalQuantile(moments, INTERVAL_UPPER_QUANTILE),
    distribution,
  };
}

/**
 * Scales a prediction to the elapsed `fraction` (0 to 1) of its bucket. The
 * count part scales with time, and the shared day multiplier stays whole.
 */
export function predictPartial(prediction: Prediction, fraction: number): Prediction {
  const f = Math.min(Math.max(fraction, 0), 1);
  const d = prediction.distribution;
  const overdispersed = d.varianceIndependent - d.unit * d.openMean;
  return fromDistribution({
    ...d,
    openMean: d.openMean * f,
    varianceIndependent: d.unit * d.openMean * f + overdispersed * f * f,
  });
}

/**
 * Sums predictions of buckets into one, as a day's total from its hours:
 * independent variance adds, and buckets of one local day share their
 * multiplier, so their means add before the day variance applies.
 */
export function sumPredictions(predictions: Prediction[]): Prediction {
  let openMean = 0;
  let varianceIndependent = 0;
  let sharedVariance = 0;
  let zeroProbability = 0;
  const byDay = new Map<number, { mean: number; dayVariance: number }>();
  for (const { distribution: d } of predictions) {
    if (d.closed) continue;
    openMean += d.openMean;
    varianceIndependent += d.varianceIndependent;
    zeroProbability = Math.max(zeroProbability, d.zeroProbability);
    const day = byDay.get(d.localDay) ?? { mean: 0, dayVariance: 0 };
    const w = d.dayTailWeight;
    day.mean += d.openMean;
    day.dayVariance = Math.max(day.dayVariance, (1 - w) * d.dayVariance + w * d.dayTailVariance);
    byDay.set(d.localDay, day);
  }
  for (const day of byDay.values()) sharedVariance += day.dayVariance * day.mean ** 2;
  const first = predictions[0]?.distribution;
  return fromDistribution({
    family: "negative_binomial",
    openMean,
    varianceIndependent: varianceIndependent + sharedVariance,
    dayVariance: 0,
    dayTailWeight: 0,
    dayTailVariance: 0,
    unit: first?.unit ?? 1,
    zeroProbability,
    localDay: first?.localDay ?? 0,
    closed: openMean <= 0 && predictions.every((p) => p.distribution.closed),
  });
}
