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

/**
 * Stricter settings of each baseline, for comparing them with the model at
 * its own false-alert rate: drop ratios of the global rule (the spike ratio
 * is the inverse) and z-score thresholds.
 */
export const GLOBAL_DROP_RATIO_GRID = [0.35, 0.25, 0.15, 0.08, 0.03];
export const ZSCORE_THRESHOLD_GRID = [4, 5, 6, 8, 11, 15];

/** Flags of the global-threshold baseline. */
export function globalThresholdFlags(input: BaselineInput, dropRatio = GLOBAL_DROP_RATIO): Flag[] {
  const spikeRatio = dropRatio === GLOBAL_DROP_RATIO ? GLOBAL_SPIKE_RATIO : 1 / dropRatio;
  return input.value.map((x, i) => {
    if (input.open[i] === false) return 0;
    const earlier = earlierWeeks(input, i, GLOBAL_WEEKS);
    if (earlier.length < 2) return 0;
    const reference = earlier.reduce((s, j) => s + input.value[j], 0) / earlier.length;
    if (reference < 1) return 0;
    if (x < dropRatio * reference) return -1;
    if (x > spikeRatio * reference) return 1;
    return 0;
  });
}

/** Flags of the hour-of-week z-score baseline. */
export function zScoreFlags(input: BaselineInput, threshold = ZSCORE_THRESHOLD): Flag[] {
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
    if (z <= -threshold) return -1;
    return z >= threshold ? 1 : 0;
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

/**
 * Runs every baseline on one input: the defaults under their own names and
 * each stricter setting as `name@setting`, all through `persist`.
 */
export function baselineSeries(input: BaselineInput): Record<string, boolean[]> {
  const out: Record<string, boolean[]> = {
    global_threshold: persist(globalThresholdFlags(input), 1, 1),
    hour_of_week_z: persist(zScoreFlags(input), 1, 1),
  };
  for (const ratio of GLOBAL_DROP_RATIO_GRID) {
    out[`global_threshold@${ratio}`] = persist(globalThresholdFlags(input, ratio), 1, 1);
  }
  for (const threshold of ZSCORE_THRESHOLD_GRID) {
    out[`hour_of_week_z@${threshold}`] = persist(zScoreFlags(input, threshold), 1, 1);
  }
  return out;
}
