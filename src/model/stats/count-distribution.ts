/**
 * The predictive distribution of one bucket or of a window of buckets: a
 * negative binomial in "units" (1 for counts, a fitted ticket-sized unit for
 * amounts), moment-matched to the sum of an independent part and a part
 * shared through the day's multiplier, with an extra point mass at zero for
 * a possible unplanned closure.
 */
import { lowerTail, quantile, sizeFor, upperTail } from "./negative-binomial";

/** Moments of a bucket or window total, in the metric's own units. */
export interface TotalMoments {
  mean: number;
  variance: number;
  /** Value of one unit: 1 for counts, a fitted amount for money. */
  unit: number;
  /** Probability that the location was closed throughout (total zero). */
  zeroProbability: number;
}

function unitMoments(moments: TotalMoments): { mean: number; size: number } {
  const unit = moments.unit > 0 ? moments.unit : 1;
  const mean = moments.mean / unit;
  const variance = moments.variance / (unit * unit);
  return { mean, size: sizeFor(mean, variance) };
}

/** P(total <= actual): small means the actual is surprisingly low. */
export function probabilityAtOrBelow(moments: TotalMoments, actual: number) {
  const { mean, size } = unitMoments(moments);
  const k = actual / (moments.unit > 0 ? moments.unit : 1);
  const open = lowerTail(k, mean, size);
  return moments.zeroProbability + (1 - moments.zeroProbability) * open;
}

/** P(total >= actual): small means the actual is surprisingly high. */
export function probabilityAtOrAbove(moments: TotalMoments, actual: number) {
  if (actual <= 0) return 1;
  const { mean, size } = unitMoments(moments);
  const k = actual / (moments.unit > 0 ? moments.unit : 1);
  return (1 - moments.zeroProbability) * upperTail(k, mean, size);
}

/** Quantile of the total in the metric's units, never below zero. */
export function totalQuantile(moments: TotalMoments, q: number): number {
  const pi = moments.zeroProbability;
  if (q <= pi || moments.mean <= 0) return 0;
  const { mean, size } = unitMoments(moments);
  const unit = moments.unit > 0 ? moments.unit : 1;
  return quantile((q - pi) / (1 - pi), mean, size) * unit;
}
