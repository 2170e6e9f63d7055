/**
 * Tail probabilities and quantiles of the negative binomial distribution in
 * its mean/size form: variance = mean + mean^2 / size. A size of Infinity is
 * the Poisson limit. Arguments may be non-integer (amounts measured in
 * fractional units), in which case the tails interpolate smoothly.
 */
import {
  incompleteBeta,
  incompleteBetaUpper,
  incompleteGammaLower,
  incompleteGammaUpper,
} from "./special";

// Above this size relative to the mean the distribution is Poisson to about
// 1e-3 relative in the tails, and the beta fraction would converge slowly.
const POISSON_SIZE_RATIO = 1_000;

function isPoisson(mean: number, size: number): boolean {
  return !Number.isFinite(size) || size > POISSON_SIZE_RATIO * (mean + 10);
}

/** P(X <= k). */
export function lowerTail(k: number, mean: number, size: number): number {
  if (k < 0) return 0;
  if (mean <= 0) return 1;
  if (isPoisson(mean, size)) return incompleteGammaUpper(k + 1, mean);
  return incompleteBeta(size / (size + mean), size, k + 1);
}

/** P(X >= k). */
export function upperTail(k: number, mean: number, size: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  if (isPoisson(mean, size)) return incompleteGammaLower(k, mean);
  return incompleteBetaUpper(size / (size + mean), size, k);
}

/** Size parameter matching a mean and variance; Infinity when not overdispersed. */
export function sizeFor(mean: number, variance: number): number {
  const excess = variance - mean;
  if (excess <= mean * 1e-6) return Infinity;
  return (mean * mean) / excess;
}

/**
 * Rough standard normal quantile from a power-law approximation, used only
 * as a starting guess for the exact search below.
 */
function roughNormalQuantile(q: number): number {
  const upper = q >= 0.5;
  const p = upper ? q : 1 - q;
  const z = 5.5556 * (1 - Math.pow((1 - p) / p, 0.1186));
  return upper ? z : -z;
}

/** Smallest integer k with P(X <= k) >= q. */
export function quantile(q: number, mean: number, size: number): number {
  if (mean <= 0 || q <= 0) return 0;
  const variance = Number.isFinite(size) ? mean + (mean * mean) / size : mean;
  const sd = Math.sqrt(variance);
  // Start near the result: a normal quantile corrected for the skew.
  const z = roughNormalQuantile(q);
  const skew = (2 * variance / mean - 1) / sd;
  const guess = Math.max(0, Math.round(mean + sd * (z + ((z * z - 1) * skew) / 6)));

  let step = Math.max(1, Math.ceil(sd / 8));
  let low: number;
  let high: number;
  if (lowerTail(guess, mean, size) >= q) {
    high = guess;
    low = guess - step;
    while (low >= 0 && lowerTail(low, mean, size) >= q) {
      high = low;
      step *= 2;
      low -= step;
    }
    low = Math.max(low, -1);
  } else {
    low = guess;
    high = guess + step;
    while (lowerTail(high, mean, size) < q) {
      low = high;
      step *= 2;
      high += step;
    }
  }

  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (lowerTail(middle, mean, size) >= q) high = middle;
    else low = middle;
  }
  return high;
}
