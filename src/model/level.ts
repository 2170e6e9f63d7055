/**
 * The day multiplier forecast for the days after training: the recent level,
 * moved by how the same weeks changed a year (or two) earlier, and replaced
 * by a new level when the last days show a sustained shift.
 */
import { median, runningMedian, weightedQuantile } from "./robust";

/** Days behind the end of training that set the current level. */
const RECENT_DAYS = 35;
/** Half-life of a recent day's weight in the level, so it follows changes. */
const LEVEL_HALF_LIFE_DAYS = 16;
/**
 * Below this many counts in a typical day the level is the weighted mean
 * ratio, not the weighted median of log ratios. Day totals of a quiet
 * store are small integers, whose median lies below their mean (a day
 * expecting 5.5 sales has a median of 5). On the benchmark fleet the
 * median forecast its rural stores about 4% low.
 */
const MEAN_LEVEL_BELOW_COUNTS = 30;
/** Seasonal lags in days; multiples of 7 keep weekdays aligned. */
const SEASON_LAGS_DAYS = [364, 728];
/** Half-width of the running median giving last year's shape. */
const SEASON_RADIUS_DAYS = 8;
/** Observed days needed near a lagged day for last year to count. */
const SEASON_MIN_OBSERVED = Math.ceil((2 * SEASON_RADIUS_DAYS + 1) / 3);
/** Share of last year's recent window that must be observed for a lag. */
const SEASON_MIN_SUPPORTED_SHARE = 0.5;
/**
 * Seasonal offsets smaller than this many standard errors are noise of a
 * single year and are set to zero. Larger ones are scaled by
 * 1 - (threshold / offset)^2, a non-negative garrote, so an offset twice
 * the threshold keeps three quarters of itself. Subtracting the threshold
 * from every offset instead forecast the benchmark's tourist stores about
 * 15% low in their spring ramp.
 */
const SEASON_SHRINK_SE = 2.5;
/** Deseasoned recent days that suffice to set the level on their own. */
const MIN_COVERED_DAYS = 7;
/** Days before the candidate shift that give the old level. */
const SHIFT_BASE_DAYS = 56;
/**
 * Minimum recent days that establish a new level right after a known
 * closure (a renovation), and without one. A store that reopens is
 * expected to trade differently, so a few days suffice. Without a closure
 * the same few days are more often an incident: a slow decline that has
 * just reached its low, or a run of weak days. Slow declines last one to
 * two weeks, so an unannounced level must hold for longer than that.
 */
const SHIFT_MIN_DAYS = 5;
const SHIFT_MIN_DAYS_UNANNOUNCED = 15;
const SHIFT_MAX_DAYS = 21;
/** Known-closed days just before a shift that make it announced. */
const SHIFT_CLOSURE_DAYS = 3;
/** Share of the recent days that must lie beyond the old level. */
const SHIFT_AGREEMENT = 0.8;
/** A shift must exceed this many day sd, and this log size. */
const SHIFT_MIN_SD = 2;
const SHIFT_MIN_LOG = 0.08;
/**
 * The two halves of a new level may differ by at most this share of the
 * step: a ramp (a slow decline) is not a new level until it settles.
 */
const SHIFT_MAX_RAMP_SHARE = 0.35;
/** A drop below this ratio is an outage, never a new normal. */
const SHIFT_MIN_RATIO = 0.4;

/** Level forecast and how it was reached. */
export interface LevelForecast {
  /** Log multiplier for each day from the end of training on. */
  levels: number[];
  /**
   * How far the level moved within the recent window beyond what noise
   * explains: the forecast of a level that is still moving is less sure.
   */
  instabilitySd: number;
  /** Days of a detected level shift at the end of training, else 0. */
  shiftDays: number;
  /** Seasonal lags (in days) that contributed. */
  seasonLags: number[];
}

interface SeasonLag {
  lag: number;
  reference: Float64Array;
  /** 1 where a day of the reference had enough observed days near it. */
  supported: Uint8Array;
  recentMean: number;
  /** Standard error of one offset, from the day noise and window sizes. */
  standardError: number;
}

function usableLags(clean: Float64Array, daySpread: number): SeasonLag[] {
  const n = clean.length;
  const smooth = runningMedian(clean, SEASON_RADIUS_DAYS);
  const observed = new Int32Array(n + 1);
  for (let d = 0; d < n; d++) {
    observed[d + 1] = observed[d] + (Number.isFinite(clean[d]) ? 1 : 0);
  }
  const observedNear = (d: number) => {
    const from = Math.max(0, d - SEASON_RADIUS_DAYS);
    const to = Math.min(n, d + SEASON_RADIUS_DAYS + 1);
    return from < to ? observed[to] - observed[from] : 0;
  };
  const supportedDays = Uint8Array.from({ length: n }, (_, d) =>
    observedNear(d) >= SEASON_MIN_OBSERVED ? 1 : 0,
  );
  const lags: SeasonLag[] = [];
  for (const lag of SEASON_LAGS_DAYS) {
    // In the first weeks of a second year, last year's recent window is
    // only partly in the history; its observed part still dates the season.
    const start = Math.max(0, n - RECENT_DAYS - lag);
    if (n - lag <= 0) continue;
    // Days of last year's window without enough observed neighbours (a
    // past incident or closure) are skipped rather than voiding the lag.
    let sum = 0;
    let supported = 0;
    for (let d = start; d < n - lag; d++) {
      if (!supportedDays[d]) continue;
      sum += smooth[d];
      supported += 1;
    }
    const inHistory = n - lag - start;
    if (supported < Math.max(MIN_COVERED_DAYS, SEASON_MIN_SUPPORTED_SHARE * inHistory)) continue;
    // A median of 2r+1 days has about 1.25 times the sd of their mean.
    const window = 2 * SEASON_RADIUS_DAYS + 1;
    const standardError = 1.25 * daySpread * Math.sqrt(1 / window + 1 / supported);
    lags.push({
      lag,
      reference: smooth,
      supported: supportedDays,
      recentMean: sum / supported,
      standardError,
    });
  }
  return lags;
}

/** Seasonal offset of day index `d` relative to the recent window. */
function seasonalOffset(lags: SeasonLag[], d: number): number {
  if (lags.length === 0) return 0;
  let sum = 0;
  let count = 0;
  let standardError = 0;
  for (const lag of lags) {
    const at = d - lag.lag;
    // A day of last year that was mostly an incident or a closure carries
    // no seasonal information. The running median there only repeats the
    // edges of the gap.
    if (at < 0 || at >= lag.reference.length || !lag.supported[at]) continue;
    sum += lag.reference[at] - lag.recentMean;
    standardError += lag.standardError;
    count += 1;
  }
  if (count === 0) return 0;
  const offset = sum / count;
  const threshold = (SEASON_SHRINK_SE * standardError) / (count * Math.sqrt(count));
  if (Math.abs(offset) <= threshold) return 0;
  return offset * (1 - (threshold / offset) ** 2);
}

/**
 * Forecasts log day multipliers for `horizonDays` days after the history.
 * `clean` holds usable days only (NaN elsewhere) and sets the level;
 * `seasonal` keeps one-day outliers and peaks but no low runs, and the
 * running median of last year's shape smooths over them. `open` contains
 * every day the location traded, for spotting a shift, and `knownClosed`
 * the days it was known closed. `countsPerDay` is a typical day's expected
 * total in count units.
 */
export function forecastLevels(
  clean: Float64Array,
  seasonal: Float64Array,
  open: Float64Array,
  knownClosed: Uint8Array,
  daySd: number,
  horizonDays: number,
  countsPerDay: number,
): LevelForecast {
  const n = clean.length;
  // A day's log ratio varies by the day shock and by the count noise of
  // its total, which at a store selling six items a day is far larger.
  const daySpread = Math.sqrt(daySd * daySd + 1 / Math.max(countsPerDay, 1));
  const lags = usableLags(seasonal, daySpread);
  const deseasoned = (values: Float64Array, d: number) =>
    values[d] - seasonalOffset(lags, d);

  // Recent days whose lagged day is in last year's shape are deseasoned.
  // When enough of them exist, only they set the level, so days that
  // cannot be deseasoned do not mix last year's level into this year's.
  const covered = (d: number) => lags.some((l) => d - l.lag >= 0 && l.supported[d - l.lag] === 1);
  let coveredCount = 0;
  for (let d = Math.max(0, n - RECENT_DAYS); d < n; d++) {
    if (Number.isFinite(clean[d]) && covered(d)) coveredCount += 1;
  }
  const onlyCovered = lags.length > 0 && coveredCount >= MIN_COVERED_DAYS;
  const recent: number[] = [];
  const weights: number[] = [];
  const halves: [number[], number[]] = [[], []];
  for (let d = Math.max(0, n - RECENT_DAYS); d < n; d++) {
    if (!Number.isFinite(clean[d]) || (onlyCovered && !covered(d))) continue;
    recent.push(deseasoned(clean, d));
    weights.push(Math.pow(0.5, (n - 1 - d) / LEVEL_HALF_LIFE_DAYS));
    halves[d < n - RECENT_DAYS / 2 ? 0 : 1].push(recent[recent.length - 1]);
  }
  let level = recent.length === 0
    ? 0
    : countsPerDay < MEAN_LEVEL_BELOW_COUNTS
      ? Math.log(weightedMeanRatio(recent, weights))
      : weightedQuantile(recent, weights, 0.5) + 0.5 * daySd * daySd;
  const shift = findShift(open, knownClosed, daySd, (d) => deseasoned(open, d));
  if (shift) level = shift.level;

  const levels: number[] = [];
  for (let k = 0; k < horizonDays; k++) {
    levels.push(level + seasonalOffset(lags, n + k));
  }
  return {
    levels,
    shiftDays: shift?.days ?? 0,
    seasonLags: lags.map((l) => l.lag),
    instabilitySd: shift ? 0 : instability(halves, daySpread),
  };
}

/**
 * Difference between the medians of the older and the newer half of the
 * recent days, less twice its standard error. A store in its first year
 * has no season to explain a December ramp, so its level forecast after
 * Christmas gets this much more spread.
 */
function instability(halves: [number[], number[]], daySpread: number): number {
  const [older, newer] = halves;
  if (older.length < 3 || newer.length < 3) return 0;
  const standardError = 1.25 * daySpread * Math.sqrt(1 / older.length + 1 / newer.length);
  const difference = Math.abs(median(newer) - median(older));
  return Math.max(0, difference - 2 * standardError);
}

function weightedMeanRatio(logRatios: number[], weights: number[]): number {
  let sum = 0;
  let weightSum = 0;
  for (let i = 0; i < logRatios.length; i++) {
    sum += weights[i] * Math.exp(logRatios[i]);
    weightSum += weights[i];
  }
  return sum / weightSum;
}

/**
 * Looks for the longest run of recent days that sits consistently above or
 * below the level before it, so a renovated store's new level is adopted
 * at the first retrain after a few days of it.
 */
function findShift(
  open: Float64Array,
  knownClosed: Uint8Array,
  daySd: number,
  value: (d: number) => number,
): { level: number; days: number } | null {
  const traded: number[] = [];
  const tradedDay: number[] = [];
  for (let d = 0; d < open.length; d++) {
    if (!Number.isFinite(open[d])) continue;
    traded.push(value(d));
    tradedDay.push(d);
  }
  const threshold = Math.max(SHIFT_MIN_SD * daySd, SHIFT_MIN_LOG);
  for (let k = Math.min(SHIFT_MAX_DAYS, traded.length - RECENT_DAYS); k >= SHIFT_MIN_DAYS; k--) {
    const first = tradedDay[traded.length - k];
    const previous = tradedDay[traded.length - k - 1] ?? -1;
    let closedDays = 0;
    for (let d = previous + 1; d < first; d++) closedDays += knownClosed[d];
    const announced = closedDays >= SHIFT_CLOSURE_DAYS;
    if (!announced && k < SHIFT_MIN_DAYS_UNANNOUNCED) continue;
    const after = traded.slice(traded.length - k);
    // A long base keeps a dip that is recovering from passing for a rise.
    const before = traded.slice(Math.max(0, traded.length - k - SHIFT_BASE_DAYS), traded.length - k);
    const base = median(before);
    const level = median(after);
    const step = level - base;
    if (Math.abs(step) < threshold || step < Math.log(SHIFT_MIN_RATIO)) continue;
    const agreeing = after.filter((v) => (v - base) * Math.sign(step) > threshold);
    if (agreeing.length < SHIFT_AGREEMENT * k) continue;
    const half = Math.floor(k / 2);
    const ramp = median(after.slice(k - half)) - median(after.slice(0, half));
    if (Math.abs(ramp) <= SHIFT_MAX_RAMP_SHARE * Math.abs(step)) return { level, days: k };
  }
  return null;
}
