/**
 * Day-level view of the history: how each day's total compares with what
 * the profile expects, the effect of known covariates, and which days were
 * abnormal enough to keep out of training.
 */
import type { PreparedHistory } from "./prepare";
import { madSd, runningMedian } from "./robust";

/** Ratios below this are floored before taking logs (an outage day). */
const MIN_RATIO = 0.01;
/** A day further than this many robust sd from its neighbours is abnormal. */
const ABNORMAL_DAY_SD = 4;
/** ...or further than this in log ratio, whichever is larger. */
const ABNORMAL_DAY_MIN_LOG = 0.15;
/** Days below this share of their local level look like outages. */
const OUTAGE_RATIO = 0.3;
/** Backfitting rounds for several covariates. */
const EVENT_ROUNDS = 3;
/** Residuals beyond this are ignored when estimating covariate effects. */
const EVENT_RESIDUAL_CAP = 1;

/** Sum of profile rates over each day's learnable buckets. */
export function dayExpected(history: PreparedHistory, rate: Float64Array) {
  const expected = new Float64Array(history.dayCount);
  for (let i = 0; i < history.value.length; i++) {
    expected[history.dayIndex[i]] += rate[history.slot[i]];
  }
  return expected;
}

/** Log of actual over expected per day; NaN where nothing was expected. */
export function logRatios(
  history: PreparedHistory,
  expected: Float64Array,
): Float64Array {
  const ratios = new Float64Array(history.dayCount).fill(NaN);
  for (let d = 0; d < history.dayCount; d++) {
    if (history.dayBuckets[d] === 0 || !(expected[d] > 0)) continue;
    ratios[d] = Math.log(Math.max(history.dayTotal[d] / expected[d], MIN_RATIO));
  }
  return ratios;
}

/** Copy of `values` with NaN where `keep` is 0. */
export function masked(values: Float64Array, keep: Uint8Array): Float64Array {
  return values.map((v, d) => (keep[d] ? v : NaN));
}

/**
 * Estimates each covariate's log effect on the day total by backfitting on
 * residuals from the running level, so promotions that recur every other
 * week are not mistaken for the level itself.
 */
export function fitEventEffects(
  residual: Float64Array,
  dayEvents: Map<string, Uint8Array>,
  usable: Uint8Array,
): Map<string, number> {
  const effects = new Map<string, number>();
  for (const name of dayEvents.keys()) effects.set(name, 0);
  for (let round = 0; round < EVENT_ROUNDS; round++) {
    for (const [name, flags] of dayEvents) {
      let onSum = 0, onCount = 0, offSum = 0, offCount = 0;
      for (let d = 0; d < residual.length; d++) {
        if (!usable[d] || !Number.isFinite(residual[d])) continue;
        let r = residual[d];
        for (const [other, otherFlags] of dayEvents) {
          if (other !== name && otherFlags[d]) r -= effects.get(other)!;
        }
        if (Math.abs(r) > EVENT_RESIDUAL_CAP) continue;
        if (flags[d]) { onSum += r; onCount++; }
        else { offSum += r; offCount++; }
      }
      const effect = onCount > 0 && offCount > 0
        ? onSum / onCount - offSum / offCount
        : 0;
      effects.set(name, effect);
    }
  }
  return effects;
}

/** Per day, the summed log effect of the covariates that day carried. */
export function eventOffsets(
  dayCount: number,
  dayEvents: Map<string, Uint8Array>,
  effects: Map<string, number>,
): Float64Array {
  const offsets = new Float64Array(dayCount);
  for (const [name, flags] of dayEvents) {
    const effect = effects.get(name) ?? 0;
    for (let d = 0; d < dayCount; d++) if (flags[d]) offsets[d] += effect;
  }
  return offsets;
}

/** Running level and the days that stand out from it. */
export interface DayScreen {
  level: Float64Array;
  abnormal: Uint8Array;
  residualSd: number;
}

/**
 * Marks days far from the running median of their neighbours (outages,
 * incidents, one-off events) so they train neither profile nor level.
 */
export function screenDays(
  adjusted: Float64Array,
  regular: Uint8Array,
  radiusDays: number,
): DayScreen {
  const level = runningMedian(masked(adjusted, regular), radiusDays);
  const residual = adjusted.map((v, d) => (regular[d] ? v - level[d] : NaN));
  const residualSd = madSd(residual, 0);
  const limit = Math.max(ABNORMAL_DAY_SD * residualSd, ABNORMAL_DAY_MIN_LOG);
  const abnormal = new Uint8Array(adjusted.length);
  for (let d = 0; d < adjusted.length; d++) {
    if (!regular[d] || !Number.isFinite(residual[d])) continue;
    const outage = residual[d] < Math.log(OUTAGE_RATIO);
    if (outage || Math.abs(residual[d]) > limit) abnormal[d] = 1;
  }
  return { level, abnormal, residualSd };
}
