/**
 * Fits one location-metric: profile, covariates, day screening, level and
 * season, holiday effects and noise, in that order, each step trained only
 * on days the previous steps found normal.
 */
import { compact, MODEL_ARTIFACT_VERSION, type ModelArtifact } from "./artifact";
import { onRestDay, restWeekdays, unusualClosures } from "./closures";
import {
  dayExpected,
  eventOffsets,
  fitEventEffects,
  logRatios,
  lowRunDeviation,
  lowRuns,
  masked,
  outsideHolidays,
  screenDays,
} from "./day-level";
import {
  effectOf,
  observeHolidays,
  tagHolidayDays,
  type HolidayObservation,
  type HolidayTag,
} from "./holiday-effects";
import { forecastLevels } from "./level";
import { fitBucketNoise, fitDaySd } from "./noise";
import { screenBuckets } from "./bucket-screen";
import { daysOfHistory, prepareHistory, withoutBuckets, type PreparedHistory } from "./prepare";
import { fitProfile } from "./profile";
import { median, runningMedian } from "./robust";
import {
  FORECAST_HORIZON_DAYS,
  HOLIDAY_HORIZON_DAYS,
  MIN_HISTORY_DAYS,
} from "./schedule";
import type { ModelSettings, TrainingPoint } from "./types";

/** Half-life of a day's weight in the profile, by grain. */
const PROFILE_HALF_LIFE_DAYS = { hour: 120, day: 180 } as const;
/** Half-width of the running level used to screen days. */
const SCREEN_RADIUS_DAYS = 14;
/**
 * Wide component of the day multiplier, off by default. Holdout errors do
 * have heavier tails than one lognormal (about 1% of days beyond 4 sd).
 * On the quality benchmark, though, a 5% component at 2.5 sd cost a fifth
 * of the recall, and a stricter threshold cut false alerts more for less.
 */
const DAY_TAIL_WEIGHT = 0;
const DAY_TAIL_SCALE = 2.5;

/** Outcome of a fit. */
export type FitResult =
  | {
      status: "fitted";
      model: ModelArtifact;
      /**
       * Local days of the history the fit judged not normal (abnormal
       * days and low runs). Not part of the artifact: the retrain uses
       * them to keep incidents out of the holdout spread.
       */
      screenedDays: ReadonlySet<number>;
    }
  | { status: "insufficient_history"; daysAvailable: number; daysNeeded: number };

/** Fits a model from a location-metric's history (any order, UTC starts). */
export function fitModel(points: TrainingPoint[], settings: ModelSettings): FitResult {
  const history = prepareHistory(points, settings);
  const daysAvailable = daysOfHistory(history);
  const daysNeeded = MIN_HISTORY_DAYS[settings.grain];
  if (daysAvailable < daysNeeded) {
    return { status: "insufficient_history", daysAvailable, daysNeeded };
  }
  return { status: "fitted", ...fitPrepared(history, settings, points) };
}

function recencyWeights(history: PreparedHistory): Float64Array {
  const halfLife = PROFILE_HALF_LIFE_DAYS[history.grain];
  return Float64Array.from({ length: history.dayCount }, (_, d) =>
    Math.pow(0.5, (history.dayCount - 1 - d) / halfLife),
  );
}

interface DayPass {
  first: ReturnType<typeof fitProfile>;
  effects: Map<string, number>;
  offsets: Float64Array;
  screen: ReturnType<typeof screenDays>;
  usable: Uint8Array;
}

/** Fits a plain profile and the covariates, then screens the days against them. */
function screenPass(
  history: PreparedHistory,
  regular: Uint8Array,
  weights: Float64Array,
  settings: ModelSettings,
): DayPass {
  const n = history.dayCount;
  const first = fitProfile(history, new Float64Array(n).fill(1), regular, weights, settings.kind);
  const firstRatio = logRatios(history, dayExpected(history, first.rate));
  const effects = fitEventEffects(firstRatio, history.dayEvents, regular);
  const offsets = eventOffsets(n, history.dayEvents, effects);
  const screen = screenDays(firstRatio.map((v, d) => v - offsets[d]), regular, SCREEN_RADIUS_DAYS);
  const usable = regular.map((r, d) => (r && !screen.abnormal[d] ? 1 : 0));
  return { first, effects, offsets, screen, usable };
}

function fitPrepared(
  prepared: PreparedHistory,
  settings: ModelSettings,
  points: TrainingPoint[],
): { model: ModelArtifact; screenedDays: Set<number> } {
  let history = prepared;
  const n = history.dayCount;
  const tags = tagHolidayDays(settings.country, settings.subdivision, history.firstDay, n);
  const traded = Uint8Array.from({ length: n }, (_, d) => (history.dayBuckets[d] > 0 ? 1 : 0));
  const regular = traded.map((t, d) => (t && !tags[d] ? 1 : 0));
  const holiday = Uint8Array.from(tags, (t) => (t ? 1 : 0));
  const rest = restWeekdays(history.firstDay, history.dayKnownClosed, traded, holiday);
  const weights = recencyWeights(history);

  let pass = screenPass(history, regular, weights, settings);
  // Hours of an outage, a short dip or a double posting inside a normal
  // day are dropped, and the days are screened again without them.
  const firstNoise = fitBucketNoise(
    history, pass.first.rate, dayExpected(history, pass.first.rate), pass.usable, settings.kind,
  );
  const disrupted = screenBuckets(
    history, pass.first.rate, pass.screen.level.map((l, d) => l + pass.offsets[d]), firstNoise,
  );
  const disruptedCount = disrupted.reduce((s, m) => s + m, 0);
  if (disruptedCount > 0) {
    history = withoutBuckets(history, disrupted);
    pass = screenPass(history, regular, weights, settings);
  }
  const { effects, offsets, screen, usable } = pass;

  // Second pass: the profile of normal days, each scaled to its own level.
  const multiplier = screen.level.map((l, d) => Math.exp(l + offsets[d]));
  const profile = fitProfile(history, multiplier, usable, weights, settings.kind);
  const expected = dayExpected(history, profile.rate);
  const adjusted = logRatios(history, expected).map((v, d) => v - offsets[d]);

  // Days in a run well below the level (a decline, a dip) set neither the
  // level nor the spread of normal days.
  const low = lowRuns(adjusted, screen, regular);
  const steady = usable.map((u, d) => (u && !low[d] ? 1 : 0));
  const seasonalLow = outsideHolidays(low, holiday, lowRunDeviation(adjusted, regular));
  const bucketNoise = fitBucketNoise(history, profile.rate, expected, usable, settings.kind);
  const noise = {
    unit: bucketNoise.unit,
    alpha: bucketNoise.alpha + profile.relativeVariance,
    daySd: fitDaySd(adjusted, steady, history, expected, bucketNoise, profile.rate),
  };
  const forecast = forecastLevels(
    masked(adjusted, steady),
    masked(adjusted, regular.map((r, d) => (r && !seasonalLow[d] ? 1 : 0))),
    masked(adjusted, regular),
    unusualClosures(history.firstDay, history.dayKnownClosed, holiday, rest),
    noise.daySd,
    FORECAST_HORIZON_DAYS,
    medianDayCounts(expected, steady, noise.unit),
  );
  const localLevel = runningMedian(masked(adjusted, usable), SCREEN_RADIUS_DAYS);
  // A holiday on a weekly rest day carries no information about how the
  // location trades on that holiday when it falls on a working day.
  const closedOnWorkingDay = history.dayKnownClosed.map((c, d) =>
    c && !onRestDay(history.firstDay, d, rest) ? 1 : 0,
  );
  const observations = observeHolidays(
    tags, adjusted, localLevel, closedOnWorkingDay, traded,
  );

  const screenedDays = new Set<number>();
  for (let d = 0; d < n; d++) if (regular[d] && !steady[d]) screenedDays.add(history.firstDay + d);
  const model: ModelArtifact = {
    version: MODEL_ARTIFACT_VERSION,
    grain: settings.grain,
    kind: settings.kind,
    timeZone: settings.timeZone,
    ...(settings.country ? { country: settings.country } : {}),
    ...(settings.subdivision ? { subdivision: settings.subdivision } : {}),
    trainedThroughMs: lastBucketEnd(points, settings),
    firstForecastDay: history.firstDay + n,
    profile: Array.from(profile.rate, compact),
    levels: forecast.levels.map(compact),
    events: Object.fromEntries([...effects].map(([k, v]) => [k, compact(v)])),
    holidays: futureHolidays(settings, history.firstDay + n, observations, noise.daySd),
    noise: {
      unit: compact(noise.unit),
      alpha: compact(noise.alpha),
      daySd: compact(Math.hypot(noise.daySd, forecast.instabilitySd)),
      levelSd: compact(forecast.instabilitySd),
      tailWeight: DAY_TAIL_WEIGHT,
      tailScale: DAY_TAIL_SCALE,
    },
    fit: {
      days: daysOfHistory(history),
      buckets: history.value.length,
      abnormalDays: screen.abnormal.reduce((s, a) => s + a, 0),
      disruptedBuckets: disruptedCount,
      shiftDays: forecast.shiftDays,
      seasonLags: forecast.seasonLags,
    },
  };
  return { model, screenedDays };
}

/** Median expected total of the usable days, in count units. */
function medianDayCounts(expected: Float64Array, usable: Uint8Array, unit: number): number {
  return median(expected.map((e, d) => (usable[d] ? e / unit : NaN)));
}

function lastBucketEnd(points: TrainingPoint[], settings: ModelSettings): number {
  let last = -Infinity;
  for (const p of points) if (p.startMs > last) last = p.startMs;
  return last + (settings.grain === "hour" ? 3_600_000 : 86_400_000);
}

function futureHolidays(
  settings: ModelSettings,
  firstDay: number,
  observations: HolidayObservation[],
  daySd: number,
): ModelArtifact["holidays"] {
  const tags = tagHolidayDays(settings.country, settings.subdivision, firstDay, HOLIDAY_HORIZON_DAYS);
  const byKey = new Map<string, HolidayObservation[]>();
  for (const o of observations) {
    const list = byKey.get(o.key) ?? [];
    list.push(o);
    byKey.set(o.key, list);
  }
  const entries: ModelArtifact["holidays"] = [];
  tags.forEach((tag: HolidayTag | undefined, k) => {
    if (!tag) return;
    const effect = effectOf(tag, byKey.get(tag.key) ?? [], daySd);
    entries.push([
      firstDay + k,
      compact(effect.logFactor),
      compact(effect.extraSd),
      compact(effect.closedProbability),
    ]);
  });
  return entries;
}
