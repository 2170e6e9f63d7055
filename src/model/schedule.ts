/**
 * Retraining schedule shared by the production trainer and the backtest, so
 * a backtest replays exactly what the live system would have done.
 */
import type { Grain } from "../domain/metrics";

const DAY_MS = 86_400_000;

/**
 * Days between retrains of one location-metric. A week lets a level shift
 * (a renovation, a new product line) become normal within 7 days while
 * keeping training cost at one fit per location-metric per week.
 */
export const RETRAIN_INTERVAL_DAYS = 7;

/**
 * Days at the end of the history held out to compare a candidate with the
 * live model. Four weeks hold each hour of the week four times, which is
 * enough to tell a broken fit from a sound one without waiting a quarter.
 */
export const HOLDOUT_DAYS = 28;

/**
 * Maximum history a fit reads. Hourly: 400 days covers one full year of
 * seasonality plus the weeks before the current date last year. Daily: three
 * years, so yearly effects average over more than one year.
 */
export const TRAINING_WINDOW_DAYS: Record<Grain, number> = {
  hour: 400,
  day: 3 * 365,
};

/**
 * Minimum history that yields a model. Hourly needs four samples of every
 * hour of the week. Daily needs eight samples of every weekday, because a
 * daily total carries far less information than 24 hourly buckets.
 */
export const MIN_HISTORY_DAYS: Record<Grain, number> = {
  hour: 28,
  day: 56,
};

/**
 * Days a fitted model carries daily levels and holiday effects for. It
 * covers many missed retrains; after it the last level is reused.
 */
export const FORECAST_HORIZON_DAYS = 60;

/** Days of holidays an artifact carries, so scoring needs no calendar. */
export const HOLIDAY_HORIZON_DAYS = 400;

/** Returns the UTC instant of the retrain after one at `trainedAtMs`. */
export function nextRetrainMs(trainedAtMs: number): number {
  return trainedAtMs + RETRAIN_INTERVAL_DAYS * DAY_MS;
}

/**
 * Days between attempts while a location-metric has no model yet: it gains
 * a model the day its history becomes long enough.
 */
export const RETRY_WITHOUT_MODEL_DAYS = 1;
