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
 * A scored bucket as the detector keeps it, with short keys because the
 * state is persisted per bucket. The keys: t start (UTC ms), a actual,
 * m open mean, v independent variance, k day variance, w and kw weight and
 * day variance of the wide day component, g local day, z closed
 * probability, u unit.
 */
export interface RecentBucket {
  t: number;
  a: number;
  m: number;
  v: number;
  k: number;
  w: number;
  kw: number;
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
  /** The same two with the wide day component, and its weight. */
  allWide: TotalMoments;
  certainWide: TotalMoments;
  tailWeight: number;
}

/** Running sums of part of a window; days map to [mean, k, kw]. */
interface Part {
  mean: number;
  independent: number;
  days: Map<number, [number, number, number]>;
}

function emptyPart(): Part {
  return { mean: 0, independent: 0, days: new Map() };
}

function addToPart(part: Part, b: RecentBucket): void {
  part.mean += b.m;
  part.independent += b.v;
  const day = part.days.get(b.g) ?? [0, 0, 0];
  day[0] += b.m;
  day[1] = Math.max(day[1], b.k);
  day[2] = Math.max(day[2], b.kw);
  part.days.set(b.g, day);
}

function partMoments(part: Part, zero: number, unit: number, wide: boolean): TotalMoments {
  let shared = 0;
  for (const [mean, k, kw] of part.days.values()) shared += (wide ? kw : k) * mean * mean;
  return { mean: part.mean, variance: part.independent + shared, unit, zeroProbability: zero };
}

/** Sums the buckets into window totals. */
export function sumWindow(buckets: RecentBucket[]): WindowTotals {
  let actual = 0;
  let zeroProbability = 0;
  let tailWeight = 0;
  const all = emptyPart();
  const certain = emptyPart();
  for (const b of buckets) {
    actual += b.a;
    tailWeight = Math.max(tailWeight, b.w);
    addToPart(all, b);
    if (b.z > 0) zeroProbability = Math.max(zeroProbability, b.z);
    else addToPart(certain, b);
  }
  const unit = buckets[0]?.u ?? 1;
  return {
    buckets: buckets.length,
    actual,
    all: partMoments(all, zeroProbability, unit, false),
    certain: partMoments(certain, 0, unit, false),
    allWide: partMoments(all, zeroProbability, unit, true),
    certainWide: partMoments(certain, 0, unit, true),
    tailWeight,
  };
}

function lowerOf(all: TotalMoments, certain: TotalMoments, actual: number): number {
  const pi = all.zeroProbability;
  const open = probabilityAtOrBelow({ ...all, zeroProbability: 0 }, actual);
  if (pi <= 0) return open;
  const closed = certain.mean > 0 ? probabilityAtOrBelow(certain, actual) : 1;
  return pi * closed + (1 - pi) * open;
}

function upperOf(all: TotalMoments, certain: TotalMoments, actual: number): number {
  const pi = all.zeroProbability;
  const open = probabilityAtOrAbove({ ...all, zeroProbability: 0 }, actual);
  if (pi <= 0) return open;
  const closed = certain.mean > 0
    ? probabilityAtOrAbove(certain, actual)
    : actual <= 0 ? 1 : 0;
  return pi * closed + (1 - pi) * open;
}

/** P(total <= actual) under the closure and day-multiplier mixtures. */
export function lowerP(w: WindowTotals): number {
  const narrow = lowerOf(w.all, w.certain, w.actual);
  if (w.tailWeight <= 0) return narrow;
  const wide = lowerOf(w.allWide, w.certainWide, w.actual);
  return (1 - w.tailWeight) * narrow + w.tailWeight * wide;
}

/** P(total >= actual) under the closure and day-multiplier mixtures. */
export function upperP(w: WindowTotals): number {
  const narrow = upperOf(w.all, w.certain, w.actual);
  if (w.tailWeight <= 0) return narrow;
  const wide = upperOf(w.allWide, w.certainWide, w.actual);
  return (1 - w.tailWeight) * narrow + w.tailWeight * wide;
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

/**
 * Largest shift of a day's log level that its earlier buckets may imply,
 * in day sd. Earlier hours far off normal are an incident in progress,
 * which must not become the expectation for the hours after it.
 */
const MAX_CONDITIONED_SHIFT_SD = 2;

/**
 * Returns `window` with each bucket's day multiplier updated by the buckets
 * of the same local day before the window. The multiplier is shared by all
 * hours of a day, so once the morning has traded 5% above plan, an hour
 * that lands at half of plan is far less likely than the unconditioned day
 * spread would make it. The update is the normal posterior of the log multiplier
 * given the earlier hours' ratio of actual to expected.
 */
export function conditionedOnDay(recent: RecentBucket[], window: RecentBucket[]): RecentBucket[] {
  const startMs = window[0]?.t ?? 0;
  const earlier = new Map<number, { actual: number; mean: number; variance: number }>();
  for (const b of recent) {
    if (b.t >= startMs) break;
    if (b.z > 0 || !(b.m > 0)) continue;
    const day = earlier.get(b.g) ?? { actual: 0, mean: 0, variance: 0 };
    day.actual += b.a;
    day.mean += b.m;
    day.variance += b.v;
    earlier.set(b.g, day);
  }
  if (earlier.size === 0) return window;
  return window.map((b) => {
    const day = earlier.get(b.g);
    if (!day || b.z > 0 || !(b.k > 0)) return b;
    const prior = Math.log1p(b.k);
    const noise = day.variance / (day.mean * day.mean);
    const gain = prior / (prior + noise);
    const limit = MAX_CONDITIONED_SHIFT_SD * Math.sqrt(prior);
    const estimate = gain * Math.log(Math.max(day.actual, b.u * 0.5) / day.mean);
    const clamped = Math.abs(estimate) > limit;
    const shift = Math.max(-limit, Math.min(limit, estimate));
    // A clamped estimate is not trusted to narrow the day spread.
    const remaining = clamped ? 1 : 1 - gain;
    const scale = Math.exp(shift);
    return {
      ...b,
      m: b.m * scale,
      v: b.v * scale,
      k: Math.expm1(prior * remaining),
      kw: Math.expm1(Math.log1p(b.kw) * remaining),
    };
  });
}
