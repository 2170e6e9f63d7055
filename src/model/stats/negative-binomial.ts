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

/** Smallest integer k with P(X <= k) >= q. */
export function quantile(q: number, mean: number, size: number): number {
  if (mean <= 0 || q <= 0) return 0;
  const variance = Number.isFinite(size) ? mean + (mean * mean) / size : mean;
  const sd = Math.sqrt(variance);
  // Bracket generously around the mean, then bisect on integers.
  let low = -1;
  let high = Math.ceil(mean + 4 * sd + 4);
  while (lowerTail(high, mean, size) < q) {
    low = high;
    high = Math.ceil(high * 2 + 1);
  }
  const guess = Math.floor(mean - 4 * sd);
  if (guess > low && lowerTail(guess, mean, size) < q) low = guess;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (lowerTail(middle, mean, size) >= q) high = middle;
    else low = middle;
  }
  return high;
}
