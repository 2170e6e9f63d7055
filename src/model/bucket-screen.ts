/**
 * Screening of single buckets inside otherwise normal days. A feed outage
 * of a few hours, a short dip or a double-posted hour leaves the rest of
 * its day intact, but it moves the day total. Left in, such hours drag the
 * level down and widen the day spread, which then hides the next incident.
 * Runs of consecutive buckets far off the day's own level are marked so
 * that day totals are taken over the remaining buckets only.
 */
import type { PreparedHistory } from "./prepare";

/** A run's total must be this many sd off before its buckets are marked. */
const RUN_LIMIT_SD = 4;
/**
 * Of a marked run, only buckets this many sd off on their own are marked,
 * so the ordinary hours next to an outage stay in the day's total.
 */
const BUCKET_LIMIT_SD = 2;
/**
 * Relative sd allowed per bucket on top of count noise: the profile's own
 * error and a day's shock as far as the first estimate of its level misses.
 */
const SHAPE_SD = 0.1;
/** Rounds of re-estimating the day level from the unmarked buckets. */
const ROUNDS = 2;
/**
 * A day whose marked buckets expected more than this share of it is left
 * whole, because the remaining buckets are too few to estimate its level.
 * The day screen judges such a day as a whole.
 */
const MAX_MARKED_SHARE = 0.5;

/** Count noise of a bucket: variance unit * mean + alpha * mean^2. */
export interface BucketNoise {
  unit: number;
  alpha: number;
}

/**
 * Marks, within one day, the runs of buckets whose total is implausible
 * under `expected * level`. `expected` contains the day's bucket rates
 * before the level, and `startLevel` is the first guess of the level, from
 * neighbouring days. The level is then re-estimated from the unmarked
 * buckets. Sets
 * `marked[i]` for marked buckets and returns how many there are.
 */
export function markDisruptedRuns(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  startLevel: number,
  noise: BucketNoise,
  marked: Uint8Array,
): number {
  const n = actual.length;
  let level = Number.isFinite(startLevel) && startLevel > 0 ? startLevel : ownLevel(actual, expected, marked);
  let count = 0;
  for (let round = 0; round < ROUNDS && level > 0; round++) {
    marked.fill(0, 0, n);
    count = 0;
    let runSign = 0;
    let runDeviation = 0;
    let runVariance = 0;
    let runStart = 0;
    for (let i = 0; i <= n; i++) {
      const mean = i < n ? expected[i] * level : 0;
      const deviation = i < n ? actual[i] - mean : 0;
      const sign = i < n ? Math.sign(deviation) : 0;
      if (sign !== runSign || sign === 0) {
        if (runSign !== 0 && Math.abs(runDeviation) > RUN_LIMIT_SD * Math.sqrt(runVariance)) {
          count += markRun(actual, expected, level, noise, marked, runStart, i);
        }
        runSign = sign;
        runDeviation = 0;
        runVariance = 0;
        runStart = i;
      }
      if (sign === 0) continue;
      runDeviation += deviation;
      runVariance += bucketVariance(mean, noise);
    }
    const next = ownLevel(actual, expected, marked);
    if (!(next > 0)) break;
    level = next;
  }
  if (count === 0) return 0;
  let markedExpected = 0;
  let allExpected = 0;
  for (let i = 0; i < n; i++) {
    allExpected += expected[i];
    if (marked[i]) markedExpected += expected[i];
  }
  if (markedExpected > MAX_MARKED_SHARE * allExpected) {
    marked.fill(0, 0, n);
    return 0;
  }
  return count;
}

function bucketVariance(mean: number, noise: BucketNoise): number {
  return noise.unit * mean + (noise.alpha + SHAPE_SD * SHAPE_SD) * mean * mean;
}

/** Marks the buckets of [from, to) that are far off on their own. */
function markRun(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  level: number,
  noise: BucketNoise,
  marked: Uint8Array,
  from: number,
  to: number,
): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const mean = expected[i] * level;
    if (Math.abs(actual[i] - mean) <= BUCKET_LIMIT_SD * Math.sqrt(bucketVariance(mean, noise))) continue;
    marked[i] = 1;
    count += 1;
  }
  return count;
}

/** Actual over expected across the unmarked buckets; NaN when none expected. */
function ownLevel(actual: ArrayLike<number>, expected: ArrayLike<number>, marked: Uint8Array): number {
  let sumActual = 0;
  let sumExpected = 0;
  for (let i = 0; i < actual.length; i++) {
    if (marked[i]) continue;
    sumActual += actual[i];
    sumExpected += expected[i];
  }
  return sumExpected > 0 ? sumActual / sumExpected : NaN;
}

/**
 * Marks disrupted buckets across a prepared hourly history. `rate` is the
 * profile per slot and `logLevel` each day's log multiplier from its
 * neighbours. Daily histories have one bucket a day and are not screened.
 */
export function screenBuckets(
  history: PreparedHistory,
  rate: Float64Array,
  logLevel: Float64Array,
  noise: BucketNoise,
): Uint8Array {
  const marked = new Uint8Array(history.value.length);
  if (history.grain === "day") return marked;
  let start = 0;
  while (start < history.value.length) {
    const d = history.dayIndex[start];
    let end = start;
    while (end < history.value.length && history.dayIndex[end] === d) end++;
    const expected = new Float64Array(end - start);
    for (let i = start; i < end; i++) expected[i - start] = rate[history.slot[i]];
    markDisruptedRuns(
      history.value.subarray(start, end),
      expected,
      Math.exp(logLevel[d]),
      noise,
      marked.subarray(start, end),
    );
    start = end;
  }
  return marked;
}
