/**
 * The two obvious detectors the model must beat, run through the same
 * persistence rule: a single fleet-wide threshold on the change against
 * the same hour of the last four weeks, and a per-store hour-of-week
 * z-score over a trailing eight weeks.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A fleet-wide rule: alert below half or above twice the reference. */
export const GLOBAL_DROP_RATIO = 0.5;
export const GLOBAL_SPIKE_RATIO = 2;
/** Reference weeks of the global rule. */
const GLOBAL_WEEKS = 4;
/** z-score rule: weeks of history and the threshold on |z|. */
const ZSCORE_WEEKS = 8;
export const ZSCORE_THRESHOLD = 3;

/** Input rows of a baseline: one series of one grain. */
export interface BaselineInput {
  startMs: number[];
  value: number[];
  open: (boolean | null)[];
  grain: "hour" | "day";
}

type Flag = -1 | 0 | 1;

/** Indexes of the same slot in earlier weeks (same offset, 168 h or 7 days). */
function earlierWeeks(input: BaselineInput, i: number, weeks: number): number[] {
  const stepMs = 7 * DAY_MS;
  const found: number[] = [];
  let j = i;
  for (let w = 1; w <= weeks; w++) {
    const target = input.startMs[i] - w * stepMs;
    while (j > 0 && input.startMs[j] > target) j--;
    // Local-time alignment is approximate across DST: take the nearest bucket.
    if (Math.abs(input.startMs[j] - target) <= HOUR_MS && input.open[j] !== false) found.push(j);
  }
  return found;
}

/** Flags of the global-threshold baseline. */
export function globalThresholdFlags(input: BaselineInput): Flag[] {
  return input.value.map((x, i) => {
    if (input.open[i] === false) return 0;
    const earlier = earlierWeeks(input, i, GLOBAL_WEEKS);
    if (earlier.length < 2) return 0;
    const reference = earlier.reduce((s, j) => s + input.value[j], 0) / earlier.length;
    if (reference < 1) return 0;
    if (x < GLOBAL_DROP_RATIO * reference) return -1;
    if (x > GLOBAL_SPIKE_RATIO * reference) return 1;
    return 0;
  });
}

/** Flags of the hour-of-week z-score baseline. */
export function zScoreFlags(input: BaselineInput): Flag[] {
  return input.value.map((x, i) => {
    if (input.open[i] === false) return 0;
    const earlier = earlierWeeks(input, i, ZSCORE_WEEKS);
    if (earlier.length < 4) return 0;
    const values = earlier.map((j) => input.value[j]);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
    const sd = Math.sqrt(variance);
    if (!(sd > 0)) return 0;
    const z = (x - mean) / sd;
    return z <= -ZSCORE_THRESHOLD ? -1 : z >= ZSCORE_THRESHOLD ? 1 : 0;
  });
}

/**
 * Persistence shared by the baselines: open after `openAfter` consecutive
 * flags in one direction, resolve after `resolveAfter` unflagged buckets.
 */
export function persist(flags: Flag[], openAfter: number, resolveAfter: number): boolean[] {
  const open: boolean[] = [];
  let state: Flag = 0;
  let run = 0;
  let runDirection: Flag = 0;
  let quiet = 0;
  for (const f of flags) {
    if (state === 0) {
      run = f !== 0 && f === runDirection ? run + 1 : f !== 0 ? 1 : 0;
      runDirection = f;
      if (run >= openAfter) { state = f; quiet = 0; }
    } else {
      quiet = f === state ? 0 : quiet + 1;
      if (quiet >= resolveAfter) { state = 0; run = 0; runDirection = 0; }
    }
    open.push(state !== 0);
  }
  return open;
}
