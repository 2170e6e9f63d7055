/**
 * Day-level view of the history: how each day's total compares with what
 * the profile expects, the effect of known covariates, and which days were
 * abnormal enough to keep out of training.
 */
import type { PreparedHistory } from "./prepare";
import { madSd, median, runningMedian } from "./robust";

/** Ratios below this are floored before taking logs (an outage day). */
const MIN_RATIO = 0.01;
/** A day further than this many robust sd from its neighbours is abnormal. */
const ABNORMAL_DAY_SD = 4;
/** ...or further than this in log ratio, whichever is larger. */
const ABNORMAL_DAY_MIN_LOG = 0.15;
/** Days below this share of their local level look like outages. */
const OUTAGE_RATIO = 0.3;
/** Days this many sd below their running level, in a row, form a low run. */
const LOW_RUN_SD = 1.5;
const LOW_RUN_MIN_DAYS = 3;
/**
 * Half-width of the running level low runs are measured from: wide, so a
 * two-week decline cannot drag its own reference down.
 */
const LOW_RUN_RADIUS_DAYS = 28;
/** Backfitting rounds for several covariates. */
const EVENT_ROUNDS = 3;
/** Differences beyond three times this are ignored for covariate effects. */
const EVENT_RESIDUAL_CAP = 1;
/** Days either side compared with an event day, and the fewest needed. */
const EVENT_CONTRAST_DAYS = 21;
const EVENT_MIN_CONTRAST_DAYS = 3;

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
 * Estimates each covariate's log effect on the day total by contrast: every
 * day with the event against the median of days without it within three
 * weeks. A running level would absorb events that last for months (a
 * summer break), and a global mean would absorb the trend. Several
 * covariates are backfitted, each on residuals of the others.
 */
export function fitEventEffects(
  logRatio: Float64Array,
  dayEvents: Map<string, Uint8Array>,
  usable: Uint8Array,
): Map<string, number> {
  const effects = new Map<string, number>();
  for (const name of dayEvents.keys()) effects.set(name, 0);
  for (let round = 0; round < EVENT_ROUNDS; round++) {
    for (const [name, flags] of dayEvents) {
      const residual = logRatio.map((v, d) => {
        if (!usable[d]) return NaN;
        let r = v;
        for (const [other, otherFlags] of dayEvents) {
          if (other !== name && otherFlags[d]) r -= effects.get(other)!;
        }
        return r;
      });
      effects.set(name, contrastEffect(residual, flags));
    }
  }
  return effects;
}

function contrastEffect(residual: Float64Array, flags: Uint8Array): number {
  const differences: number[] = [];
  const around: number[] = [];
  for (let d = 0; d < residual.length; d++) {
    if (!flags[d] || !Number.isFinite(residual[d])) continue;
    around.length = 0;
    const from = Math.max(0, d - EVENT_CONTRAST_DAYS);
    const to = Math.min(residual.length - 1, d + EVENT_CONTRAST_DAYS);
    for (let j = from; j <= to; j++) {
      if (!flags[j] && Number.isFinite(residual[j])) around.push(residual[j]);
    }
    if (around.length < EVENT_MIN_CONTRAST_DAYS) continue;
    const difference = residual[d] - median(around);
    if (Math.abs(difference) <= EVENT_RESIDUAL_CAP * 3) differences.push(difference);
  }
  return differences.length > 0 ? median(differences) : 0;
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

/** Log distance of each regular day from its wide running level. */
export function lowRunDeviation(adjusted: Float64Array, regular: Uint8Array): Float64Array {
  const level = runningMedian(masked(adjusted, regular), LOW_RUN_RADIUS_DAYS);
  return adjusted.map((v, d) => (regular[d] ? v - level[d] : NaN));
}

/**
 * Marks runs of consecutive days well below their running level: dips,
 * outages and declines that last year's season must not repeat. Runs above
 * the level stay, because seasonal peaks (Christmas) look like them.
 */
export function lowRuns(
  adjusted: Float64Array,
  screen: DayScreen,
  regular: Uint8Array,
): Uint8Array {
  const low = new Uint8Array(adjusted.length);
  const limit = -LOW_RUN_SD * Math.max(screen.residualSd, 0.02);
  const level = runningMedian(masked(adjusted, regular), LOW_RUN_RADIUS_DAYS);
  let runStart = -1;
  for (let d = 0; d <= adjusted.length; d++) {
    const isLow = d < adjusted.length && regular[d] === 1 &&
      adjusted[d] - level[d] < limit;
    const skip = d < adjusted.length && !regular[d];
    if (isLow) {
      if (runStart < 0) runStart = d;
      continue;
    }
    if (skip && runStart >= 0) continue;
    if (runStart >= 0 && d - runStart >= LOW_RUN_MIN_DAYS) low.fill(1, runStart, d);
    runStart = -1;
  }
  return low;
}

/**
 * Clears the low runs that belong to a holiday season. A store that
 * trades at half its level from before Christmas to after New Year does so
 * every year, so that run is the season's shape, not an incident to
 * forget. A run belongs to one when a holiday-tagged day lies inside it,
 * or when it reaches a holiday and is flat. Flat means its two halves
 * differ by at most a third of its depth, with `deviation` giving each
 * day's distance from the running level. A slow decline that stopped on 23 December is a
 * ramp, and stays low. `low` marks the holiday days inside or at the end of
 * a run as low too, so a holiday counts as inside only when a low day that
 * is not a holiday follows it in the run.
 */
export function outsideHolidays(
  low: Uint8Array,
  holiday: Uint8Array,
  deviation?: Float64Array,
): Uint8Array {
  const out = Uint8Array.from(low);
  let d = 0;
  while (d < low.length) {
    if (!low[d]) {
      d++;
      continue;
    }
    let end = d;
    while (end + 1 < low.length && low[end + 1]) end++;
    let holidaySeen = false;
    let spansHoliday = false;
    for (let j = d; j <= end; j++) {
      if (holiday[j]) holidaySeen = true;
      else if (holidaySeen && j > d) spansHoliday = true;
    }
    const reachesHoliday = holidaySeen || holiday[d - 1] === 1 || holiday[end + 1] === 1;
    const seasonal = spansHoliday ||
      (reachesHoliday && deviation !== undefined && isFlat(deviation.subarray(d, end + 1)));
    if (seasonal) out.fill(0, d, end + 1);
    d = end + 1;
  }
  return out;
}

/** Largest difference between a run's halves, as a share of its depth. */
const FLAT_RUN_MAX_RAMP_SHARE = 1 / 3;

/** Reports whether a low run is a plateau rather than a ramp. */
function isFlat(deviation: Float64Array): boolean {
  const values = [...deviation].filter(Number.isFinite);
  if (values.length < 4) return false;
  const half = values.length >> 1;
  const ramp = median(values.slice(values.length - half)) - median(values.slice(0, half));
  return Math.abs(ramp) <= FLAT_RUN_MAX_RAMP_SHARE * Math.abs(median(values));
}
