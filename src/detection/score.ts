/**
 * Scores the windows ending with the just-closed bucket and explains the
 * strongest one. `anomaly_score` maps the window's p-value onto [0, 1] so
 * that 0.5 is the breach threshold of that window and 1 its square.
 */
import type { Grain } from "../domain/metrics";
import type { Direction } from "./settings";
import {
  breachPValue,
  LONG_SPIKE_P_SCALE,
  SHORT_SPIKE_MAX_HOURS,
  MIN_RELATIVE_DEVIATION,
  SILENT_DAY_BREACH_P,
  SILENT_DAY_BUCKETS,
  WINDOW_BUCKETS,
} from "./settings";
import {
  conditionedOnDay,
  lowerP,
  sumWindow,
  upperP,
  windowInterval,
  type RecentBucket,
} from "./window";

const HOUR_MS = 3_600_000;

/** Why a bucket scored as it did: the strongest window's evidence. */
export interface Explanation {
  direction: Direction;
  /** Buckets in the window and its first bucket's UTC start. */
  windowBuckets: number;
  windowStartMs: number;
  actual: number;
  expected: number;
  lower: number;
  upper: number;
  /** actual - expected, and that over expected (null when expected is 0). */
  deviation: number;
  relativeDeviation: number | null;
  pValue: number;
}

/** Score of one bucket. */
export interface BucketScore {
  /** In [0, 1]; at least 0.5 means some window breached. */
  anomalyScore: number;
  breach: Direction | null;
  explanation: Explanation | null;
}

const NO_SCORE: BucketScore = { anomalyScore: 0, breach: null, explanation: null };

/** Buckets of `recent` (oldest first) inside a window ending at `last`. */
export function windowOf(
  recent: RecentBucket[],
  grain: Grain,
  last: RecentBucket,
  buckets: number,
): RecentBucket[] {
  const out: RecentBucket[] = [];
  for (let i = recent.length - 1; i >= 0; i--) {
    const b = recent[i];
    const inside = grain === "hour"
      ? b.t > last.t - buckets * HOUR_MS
      : b.g > last.g - buckets;
    if (!inside) break;
    out.push(b);
  }
  return out.reverse();
}

function scoreOf(p: number, threshold: number): number {
  if (p >= 1) return 0;
  return Math.min(1, Math.max(0, (0.5 * Math.log(p)) / Math.log(threshold)));
}

/**
 * Scores every window ending with the newest bucket of `recent`. Only the
 * direction the window's total points to is tested, since the other tail
 * is near 1.
 */
export function scoreWindows(
  recent: RecentBucket[],
  grain: Grain,
  breachPScale = 1,
): BucketScore {
  const last = recent[recent.length - 1];
  if (!last) return NO_SCORE;
  let best: { score: number; p: number; direction: Direction; size: number; window: RecentBucket[] } | null = null;
  let previousLength = 0;
  for (const size of WINDOW_BUCKETS[grain]) {
    const window = windowOf(recent, grain, last, size);
    // A longer window holding no more buckets than a shorter one (after a
    // first model, or across closed hours) would test the same total again
    // with a looser threshold, so it is skipped.
    if (window.length === 0 || window.length === previousLength) continue;
    previousLength = window.length;
    // Windows shorter than a day are judged given how the day has gone.
    const judged = grain === "hour" && size < SILENT_DAY_BUCKETS.hour
      ? conditionedOnDay(recent, window)
      : window;
    const totals = sumWindow(judged);
    if (!(totals.all.mean > 0) && totals.actual <= 0) continue;
    const direction: Direction = totals.actual < totals.all.mean ? "drop" : "spike";
    const p = direction === "drop" ? lowerP(totals) : upperP(totals);
    let threshold = breachPValue(grain, size, breachPScale);
    const windowHours = grain === "hour" ? size : size * 24;
    if (direction === "spike" && windowHours > SHORT_SPIKE_MAX_HOURS) threshold *= LONG_SPIKE_P_SCALE;
    if (direction === "drop" && totals.actual <= 0 && size >= SILENT_DAY_BUCKETS[grain]) {
      threshold = Math.max(threshold, SILENT_DAY_BREACH_P);
    }
    const score = scoreOf(p, threshold);
    if (!best || score > best.score) best = { score, p, direction, size, window: judged };
  }
  if (!best) return NO_SCORE;
  const explanation = explain(best.window, best.direction, best.size, best.p);
  const big = explanation.relativeDeviation === null ||
    Math.abs(explanation.relativeDeviation) >= MIN_RELATIVE_DEVIATION;
  const breach = best.score >= 0.5 && big ? best.direction : null;
  // A departure too small to act on is capped just below the threshold.
  const anomalyScore = big ? best.score : Math.min(best.score, 0.49);
  return { anomalyScore, breach, explanation };
}

function explain(
  window: RecentBucket[],
  direction: Direction,
  size: number,
  pValue: number,
): Explanation {
  const totals = sumWindow(window);
  const { expected, lower, upper } = windowInterval(totals);
  const deviation = totals.actual - expected;
  return {
    direction,
    windowBuckets: size,
    windowStartMs: window[0].t,
    actual: totals.actual,
    expected,
    lower,
    upper,
    deviation,
    relativeDeviation: expected > 0 ? deviation / expected : null,
    pValue,
  };
}
