/**
 * Noise of the model: the count unit (1 for counts, an effective ticket size
 * for money), the overdispersion of a bucket given its day, and the spread
 * of the day multiplier that all buckets of a day share.
 */
import type { MetricKind } from "../domain/metrics";
import type { PreparedHistory } from "./prepare";
import { masked } from "./day-level";
import { madSd, runningMedian } from "./robust";

/** Minimum day-multiplier sd, an assumed floor for the steadiest store. */
const MIN_DAY_SD = 0.03;
/**
 * The MAD underestimates the spread of real day totals, whose tails are
 * heavier than normal, so it is widened by this estimated factor.
 */
const DAY_SD_TAIL_FACTOR = 1.15;
/** Half-width of the running median that day residuals are taken from. */
const LOCAL_LEVEL_RADIUS_DAYS = 3;
/** Per-bucket residuals are capped at this many sd when fitting dispersion. */
const RESIDUAL_CAP_SD = 6;
/** Daily amounts are measured in units of this share of the mean day. */
const DAILY_AMOUNT_UNIT_SHARE = 1e-3;

/** Fitted noise parameters. */
export interface Noise {
  unit: number;
  /** Overdispersion of a bucket given its day: var = unit*mean + alpha*mean^2. */
  alpha: number;
  /** Sd of the log day multiplier. */
  daySd: number;
}

interface Moments {
  sumMean: number;
  sumMeanSq: number;
  sumSquaredError: number;
}

/**
 * Fits unit and alpha from buckets of usable days, each compared with its
 * profile rate scaled to the day's actual total, so the day's shared
 * multiplier does not count as bucket noise.
 */
export function fitBucketNoise(
  history: PreparedHistory,
  rate: Float64Array,
  expected: Float64Array,
  usable: Uint8Array,
  kind: MetricKind,
): { unit: number; alpha: number } {
  if (history.grain === "day") {
    const meanDay = meanUsableTotal(history, usable);
    const unit = kind === "count" ? 1 : Math.max(1, meanDay * DAILY_AMOUNT_UNIT_SHARE);
    return { unit, alpha: 0 };
  }
  const halves: [Moments, Moments] = [emptyMoments(), emptyMoments()];
  const typical = medianRate(rate);
  for (let i = 0; i < history.value.length; i++) {
    const d = history.dayIndex[i];
    if (!usable[d] || !(expected[d] > 0)) continue;
    const share = rate[history.slot[i]] / expected[d];
    const mean = share * history.dayTotal[d];
    if (!(mean > 0)) continue;
    const scale = kind === "count" ? mean + 0.1 * mean * mean : mean * mean;
    const cap = RESIDUAL_CAP_SD * RESIDUAL_CAP_SD * scale;
    const error = Math.min((history.value[i] - mean) ** 2, cap);
    // The mean is fitted to the day's own total, which contains this
    // bucket, so the expected squared error is only (1 - share) of the
    // bucket's variance. Without the factor a store open twelve hours
    // comes out about 15% less dispersed than it is.
    const remaining = Math.max(0, 1 - share);
    const half = halves[mean < typical ? 0 : 1];
    half.sumMean += mean * remaining;
    half.sumMeanSq += mean * mean * remaining;
    half.sumSquaredError += error;
  }
  return kind === "count" ? countNoise(halves) : amountNoise(halves);
}

function emptyMoments(): Moments {
  return { sumMean: 0, sumMeanSq: 0, sumSquaredError: 0 };
}

function countNoise(halves: [Moments, Moments]): { unit: number; alpha: number } {
  const sumMean = halves[0].sumMean + halves[1].sumMean;
  const sumMeanSq = halves[0].sumMeanSq + halves[1].sumMeanSq;
  const sumError = halves[0].sumSquaredError + halves[1].sumSquaredError;
  const alpha = sumMeanSq > 0 ? Math.max(0, (sumError - sumMean) / sumMeanSq) : 0;
  return { unit: 1, alpha };
}

/**
 * Solves error = unit*mean + alpha*mean^2 on the quiet and the busy half of
 * the buckets: two equations, two unknowns, clamped to be non-negative.
 */
function amountNoise(halves: [Moments, Moments]): { unit: number; alpha: number } {
  const [a, b] = halves;
  const det = a.sumMean * b.sumMeanSq - b.sumMean * a.sumMeanSq;
  let unit = NaN;
  let alpha = NaN;
  if (Math.abs(det) > 1e-12) {
    unit = (a.sumSquaredError * b.sumMeanSq - b.sumSquaredError * a.sumMeanSq) / det;
    alpha = (a.sumMean * b.sumSquaredError - b.sumMean * a.sumSquaredError) / det;
  }
  const sumMean = a.sumMean + b.sumMean;
  const sumMeanSq = a.sumMeanSq + b.sumMeanSq;
  const sumError = a.sumSquaredError + b.sumSquaredError;
  if (!(unit > 0) || !(alpha >= 0)) {
    // One term explains the spread alone: keep the one that fits it.
    alpha = 0;
    unit = sumMean > 0 ? sumError / sumMean : 1;
  }
  return { unit: Math.max(1, unit), alpha };
}

function medianRate(rate: Float64Array): number {
  const positive = [...rate].filter((r) => r > 0).sort((x, y) => x - y);
  return positive.length > 0 ? positive[positive.length >> 1] : 0;
}

function meanUsableTotal(history: PreparedHistory, usable: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (let d = 0; d < history.dayCount; d++) {
    if (!usable[d] || history.dayBuckets[d] === 0) continue;
    sum += history.dayTotal[d];
    count += 1;
  }
  return count > 0 ? sum / count : 0;
}

/**
 * Estimates the sd of the log day multiplier from day residuals around a
 * short running level, minus the part that bucket noise already explains.
 */
export function fitDaySd(
  adjusted: Float64Array,
  usable: Uint8Array,
  history: PreparedHistory,
  expected: Float64Array,
  noise: { unit: number; alpha: number },
  rate: Float64Array,
): number {
  const clean = masked(adjusted, usable);
  const local = runningMedian(clean, LOCAL_LEVEL_RADIUS_DAYS);
  const residual = clean.map((v, d) => v - local[d]);
  // A running median over 2r+1 days follows its own noise a little.
  const window = 2 * LOCAL_LEVEL_RADIUS_DAYS + 1;
  const spread = madSd(residual, 0) * Math.sqrt(window / (window - 1));
  const bucketShare = medianBucketLogVariance(history, expected, usable, noise, rate);
  const variance = (spread * DAY_SD_TAIL_FACTOR) ** 2 - bucketShare;
  return Math.max(MIN_DAY_SD, Math.sqrt(Math.max(0, variance)));
}


/** Median over days of the log-scale variance that bucket noise adds. */
function medianBucketLogVariance(
  history: PreparedHistory,
  expected: Float64Array,
  usable: Uint8Array,
  noise: { unit: number; alpha: number },
  rate: Float64Array,
): number {
  let sumRate = 0;
  let sumRateSq = 0;
  for (const r of rate) {
    sumRate += r;
    sumRateSq += r * r;
  }
  const concentration = sumRate > 0 ? sumRateSq / (sumRate * sumRate) : 0;
  const shares: number[] = [];
  for (let d = 0; d < history.dayCount; d++) {
    if (!usable[d] || !(history.dayTotal[d] > 0)) continue;
    const total = history.dayTotal[d];
    const slotsPerDay = history.grain === "hour" ? 7 : 1;
    shares.push(noise.unit / total + noise.alpha * concentration * slotsPerDay);
  }
  shares.sort((x, y) => x - y);
  return shares.length > 0 ? shares[shares.length >> 1] : 0;
}
