/**
 * Evidence of a window of recent buckets: the window total against the
 * distribution of the sum of its predictions. Buckets of one local day share
 * the day multiplier, and a day that may be an unplanned closure enters as a
 * two-way mixture (closed, or open as predicted).
 */
import {
  probabilityAtOrAbove,
  probabilityAtOrBelow,
  totalQuantile,
  type TotalMoments,
} from "../model/stats/count-distribution";
import { INTERVAL_LOWER_QUANTILE, INTERVAL_UPPER_QUANTILE } from "../model/predict";

/**
 * A scored bucket as the detector keeps it. Short keys keep the persisted
 * state small: t start (UTC ms), a actual, m open mean, v independent
 * variance, k day variance, g local day, z closed probability, u unit.
 */
export interface RecentBucket {
  t: number;
  a: number;
  m: number;
  v: number;
  k: number;
  g: number;
  z: number;
  u: number;
}

/** Totals of a window, split by whether a closure is possible. */
export interface WindowTotals {
  buckets: number;
  actual: number;
  all: TotalMoments;
  /** Moments of the buckets whose day cannot be an unplanned closure. */
  certain: TotalMoments;
}

/** Sums the buckets into window totals. */
export function sumWindow(buckets: RecentBucket[]): WindowTotals {
  let actual = 0;
  let zeroProbability = 0;
  const all = { mean: 0, independent: 0, days: new Map<number, [number, number]>() };
  const certain = { mean: 0, independent: 0, days: new Map<number, [number, number]>() };
  const add = (target: typeof all, b: RecentBucket) => {
    target.mean += b.m;
    target.independent += b.v;
    const day = target.days.get(b.g) ?? [0, 0];
    day[0] += b.m;
    day[1] = Math.max(day[1], b.k);
    target.days.set(b.g, day);
  };
  for (const b of buckets) {
    actual += b.a;
    add(all, b);
    if (b.z > 0) zeroProbability = Math.max(zeroProbability, b.z);
    else add(certain, b);
  }
  const unit = buckets[0]?.u ?? 1;
  const moments = (part: typeof all, zero: number): TotalMoments => {
    let shared = 0;
    for (const [mean, k] of part.days.values()) shared += k * mean * mean;
    return { mean: part.mean, variance: part.independent + shared, unit, zeroProbability: zero };
  };
  return {
    buckets: buckets.length,
    actual,
    all: moments(all, zeroProbability),
    certain: moments(certain, 0),
  };
}

/** P(total <= actual) under the window's closure mixture. */
export function lowerP(w: WindowTotals): number {
  const pi = w.all.zeroProbability;
  const open = probabilityAtOrBelow({ ...w.all, zeroProbability: 0 }, w.actual);
  if (pi <= 0) return open;
  const closed = w.certain.mean > 0 ? probabilityAtOrBelow(w.certain, w.actual) : 1;
  return pi * closed + (1 - pi) * open;
}

/** P(total >= actual) under the window's closure mixture. */
export function upperP(w: WindowTotals): number {
  const pi = w.all.zeroProbability;
  const open = probabilityAtOrAbove({ ...w.all, zeroProbability: 0 }, w.actual);
  if (pi <= 0) return open;
  const closed = w.certain.mean > 0
    ? probabilityAtOrAbove(w.certain, w.actual)
    : w.actual <= 0 ? 1 : 0;
  return pi * closed + (1 - pi) * open;
}

/** Expected total of the window and its 99% central interval. */
export function windowInterval(w: WindowTotals): {
  expected: number;
  lower: number;
  upper: number;
} {
  const pi = w.all.zeroProbability;
  const expected = pi * w.certain.mean + (1 - pi) * w.all.mean;
  if (pi <= 0) {
    return {
      expected,
      lower: totalQuantile(w.all, INTERVAL_LOWER_QUANTILE),
      upper: totalQuantile(w.all, INTERVAL_UPPER_QUANTILE),
    };
  }
  // The closed branch bounds the low end, the open branch the high end.
  return {
    expected,
    lower: w.certain.mean > 0 ? totalQuantile(w.certain, INTERVAL_LOWER_QUANTILE) : 0,
    upper: totalQuantile({ ...w.all, zeroProbability: 0 }, INTERVAL_UPPER_QUANTILE),
  };
}
