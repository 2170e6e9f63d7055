/**
 * Seasonal profile: the expected value of each hour of the week (or each
 * weekday) at a day multiplier of 1. Estimated per slot with outliers cut,
 * then shrunk toward a pooled shape where a slot has too few counts to stand
 * alone, which keeps quiet stores from learning their own noise.
 */
import type { MetricKind } from "../domain/metrics";
import type { PreparedHistory } from "./prepare";
import { SLOTS } from "./local-time";
import { weightedQuantile } from "./robust";

/** Clip at this multiple of the slot's 90th percentile before the mean. */
const CLIP_OVER_Q90 = 3;
/** Drop values this many count standard deviations above the mean. */
const OUTLIER_SD = 6;
/** Relative variance floor of the outlier rule, so busy slots keep a band. */
const OUTLIER_RELATIVE_VARIANCE = 0.1;
/** Amounts lack a count scale; drop values above this multiple of the mean. */
const AMOUNT_OUTLIER_RATIO = 4;

/** Fitted profile with the uncertainty of its rates. */
export interface Profile {
  rate: Float64Array;
  /** Median relative variance of the estimated rates (squared CV). */
  relativeVariance: number;
}

interface SlotStats {
  mean: number;
  variance: number;
  effectiveCount: number;
}

function slotStatistics(
  values: number[],
  weights: number[],
  kind: MetricKind,
): SlotStats {
  if (values.length === 0) return { mean: 0, variance: 0, effectiveCount: 0 };
  const cap = CLIP_OVER_Q90 * weightedQuantile(values, weights, 0.9) +
    (kind === "count" ? 3 : 0);
  const rough = weightedMean(values.map((v) => Math.min(v, cap)), weights);
  const limit = kind === "count"
    ? rough * (1 + OUTLIER_SD *
      Math.sqrt(1 / Math.max(rough, 0.01) + OUTLIER_RELATIVE_VARIANCE)) + 1
    : rough * AMOUNT_OUTLIER_RATIO;
  let sumW = 0;
  let sumW2 = 0;
  let sumWX = 0;
  let sumWXX = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > limit) continue;
    const w = weights[i];
    sumW += w;
    sumW2 += w * w;
    sumWX += w * values[i];
    sumWXX += w * values[i] * values[i];
  }
  if (sumW <= 0) return { mean: 0, variance: 0, effectiveCount: 0 };
  const mean = sumWX / sumW;
  const variance = Math.max(0, sumWXX / sumW - mean * mean);
  return { mean, variance, effectiveCount: (sumW * sumW) / sumW2 };
}

function weightedMean(values: number[], weights: number[]): number {
  let sumW = 0;
  let sumWX = 0;
  for (let i = 0; i < values.length; i++) {
    sumW += weights[i];
    sumWX += weights[i] * values[i];
  }
  return sumW > 0 ? sumWX / sumW : 0;
}

/**
 * Estimates the profile from buckets on usable days, each divided by its
 * day's multiplier so trend and season do not blur the shape.
 */
export function fitProfile(
  history: PreparedHistory,
  dayMultiplier: Float64Array,
  dayUsable: Uint8Array,
  dayWeight: Float64Array,
  kind: MetricKind,
): Profile {
  const slots = SLOTS[history.grain];
  const values: number[][] = Array.from({ length: slots }, () => []);
  const weights: number[][] = Array.from({ length: slots }, () => []);
  for (let i = 0; i < history.value.length; i++) {
    const d = history.dayIndex[i];
    if (!dayUsable[d] || !(dayMultiplier[d] > 0)) continue;
    values[history.slot[i]].push(history.value[i] / dayMultiplier[d]);
    weights[history.slot[i]].push(dayWeight[d]);
  }
  const stats = values.map((v, s) => slotStatistics(v, weights[s], kind));
  if (history.grain === "day") return unshrunk(stats);
  return shrinkTowardPooledShape(stats);
}

function unshrunk(stats: SlotStats[]): Profile {
  const rate = Float64Array.from(stats, (s) => s.mean);
  const relative = stats
    .filter((s) => s.mean > 0 && s.effectiveCount > 0)
    .map((s) => s.variance / s.effectiveCount / (s.mean * s.mean));
  return { rate, relativeVariance: medianOf(relative) };
}

/** Weekdays pool with weekdays, Saturday and Sunday with each other. */
function groupOf(weekday: number): number {
  return weekday < 5 ? 0 : 1;
}

/**
 * Empirical-Bayes shrinkage of each hour-of-week mean toward its weekday's
 * total times the hour's share within its group of similar days. The
 * between-slot spread is estimated per group, so a store whose days really
 * differ keeps its own shapes.
 */
function shrinkTowardPooledShape(stats: SlotStats[]): Profile {
  const dayTotals = new Float64Array(7);
  const groupHour = [new Float64Array(24), new Float64Array(24)];
  const groupTotal = new Float64Array(2);
  stats.forEach((s, slot) => {
    const weekday = Math.floor(slot / 24);
    dayTotals[weekday] += s.mean;
    groupHour[groupOf(weekday)][slot % 24] += s.mean;
    groupTotal[groupOf(weekday)] += s.mean;
  });
  const pooled = stats.map((_, slot) => {
    const weekday = Math.floor(slot / 24);
    const g = groupOf(weekday);
    if (groupTotal[g] <= 0) return 0;
    return (dayTotals[weekday] * groupHour[g][slot % 24]) / groupTotal[g];
  });
  const spread = [0, 1].map((g) => relativeSpread(stats, pooled, g));

  const rate = new Float64Array(stats.length);
  const relative: number[] = [];
  stats.forEach((s, slot) => {
    const estimateVariance = s.effectiveCount > 0 ? s.variance / s.effectiveCount : 0;
    const p = pooled[slot];
    const prior = spread[groupOf(Math.floor(slot / 24))] * p * p;
    const keep = estimateVariance > 0 ? prior / (prior + estimateVariance) : 1;
    rate[slot] = Math.max(0, p + keep * (s.mean - p));
    if (rate[slot] > 0) {
      relative.push((keep * estimateVariance) / (rate[slot] * rate[slot]));
    }
  });
  return { rate, relativeVariance: medianOf(relative) };
}

function relativeSpread(stats: SlotStats[], pooled: number[], group: number) {
  let sum = 0;
  let count = 0;
  stats.forEach((s, slot) => {
    if (groupOf(Math.floor(slot / 24)) !== group) return;
    const p = pooled[slot];
    if (!(p > 0) || s.effectiveCount <= 0) return;
    const estimateVariance = s.variance / s.effectiveCount;
    sum += ((s.mean - p) ** 2 - estimateVariance) / (p * p);
    count += 1;
  });
  // A small floor keeps a trace of every slot's own evidence.
  return Math.max(count > 0 ? sum / count : 0, 1e-3);
}

function medianOf(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
