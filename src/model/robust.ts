/** Small robust statistics used by the fit: medians, MAD, running medians. */

/** Median of the finite values; NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  const sorted: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) sorted.push(values[i]);
  }
  if (sorted.length === 0) return NaN;
  sorted.sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Standard deviation estimated from the median absolute deviation. */
export function madSd(values: ArrayLike<number>, center?: number): number {
  const mid = center ?? median(values);
  const deviations: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) deviations.push(Math.abs(values[i] - mid));
  }
  // 1.4826 makes the MAD consistent with the sd of a normal distribution.
  return 1.4826 * median(deviations);
}

/** Clip of `clippedSd`, in MAD-estimated sd, and its consistency factor. */
const CLIP_SD = 3;
/** Sd of a standard normal truncated to [-3, 3]. */
const CLIPPED_NORMAL_SD = 0.98658;

/**
 * Standard deviation about `center` from the root mean square of the values
 * within three MAD-estimated sd of it. On four weeks of normal values its
 * sampling sd is about 0.6 times the MAD's, because it uses every value
 * rather than the middle half, and a few far-off values are still ignored.
 */
export function clippedSd(values: ArrayLike<number>, center: number): number {
  const first = madSd(values, center);
  if (!(first > 0)) return first;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - center;
    if (!(Math.abs(deviation) <= CLIP_SD * first)) continue;
    sum += deviation * deviation;
    count += 1;
  }
  return count > 0 ? Math.sqrt(sum / count) / CLIPPED_NORMAL_SD : first;
}

/**
 * Centred running median over `radius` days either side, skipping NaN.
 * Days with no finite value in reach take the nearest computed value, so
 * the result is finite everywhere when any input is. The window is kept
 * sorted as it slides, so each day costs one insertion and one removal.
 */
export function runningMedian(values: Float64Array, radius: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  const window: number[] = [];
  const insert = (v: number) => {
    if (Number.isFinite(v)) window.splice(lowerBound(window, v), 0, v);
  };
  const remove = (v: number) => {
    if (Number.isFinite(v)) window.splice(lowerBound(window, v), 1);
  };
  for (let j = 0; j < Math.min(radius, values.length); j++) insert(values[j]);
  for (let i = 0; i < values.length; i++) {
    if (i + radius < values.length) insert(values[i + radius]);
    if (i - radius - 1 >= 0) remove(values[i - radius - 1]);
    const n = window.length;
    if (n > 0) {
      out[i] = n % 2 === 1 ? window[n >> 1] : (window[(n >> 1) - 1] + window[n >> 1]) / 2;
    }
  }
  fillGaps(out);
  return out;
}

/** First index of a sorted array whose value is at least `v`. */
function lowerBound(sorted: number[], v: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < v) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Replaces NaN entries by the nearest finite neighbour, in place. */
export function fillGaps(values: Float64Array): void {
  let last = NaN;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) last = values[i];
    else values[i] = last;
  }
  last = NaN;
  for (let i = values.length - 1; i >= 0; i--) {
    if (Number.isFinite(values[i])) last = values[i];
    else values[i] = last;
  }
}

/** Weighted quantile of values with non-negative weights. */
export function weightedQuantile(
  values: number[],
  weights: number[],
  q: number,
): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (const w of weights) total += w;
  let running = 0;
  for (const i of order) {
    running += weights[i];
    if (running >= q * total) return values[i];
  }
  return values[order[order.length - 1]] ?? NaN;
}
