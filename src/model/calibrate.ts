/**
 * Calibration of the day spread on a holdout. A fit measures how days vary
 * around their own centred level, but scoring relies on a forecast of the
 * level. The holdout errors of a model fitted before the holdout are the
 * honest spread of those forecasts (season, trend and level error
 * included), so the promoted model's day sd is raised to match them.
 */
import type { ModelArtifact } from "./artifact";
import { compact } from "./artifact";
import { predict } from "./predict";
import { markDisruptedRuns } from "./bucket-screen";
import { clippedSd } from "./robust";
import type { TrainingPoint } from "./types";

/** Days expecting fewer units than this are too noisy to use. */
const MIN_DAY_UNITS = 20;
/** Holdout days needed before the holdout spread is trusted. */
const MIN_DAYS = 14;
/** The holdout may widen the fitted day sd at most this much. */
const MAX_WIDENING = 2;

/** A model and the holdout points it forecast without seeing them. */
export interface HoldoutForecast {
  model: ModelArtifact;
  points: TrainingPoint[];
}

/**
 * Sd of the log day-total errors of each forecast on its holdout, with the
 * count noise taken out; NaN when the holdouts have too few usable days.
 * `screenedDays` are local days the refit on the whole history found not
 * normal (a day dip, a slow decline): they are what detection looks for,
 * not the spread of normal days, and a quarter of such days in four weeks
 * would widen every band by half.
 */
export function holdoutDaySd(
  forecasts: HoldoutForecast[],
  screenedDays: ReadonlySet<number> = new Set(),
): number {
  const errors: number[] = [];
  const countShare: number[] = [];
  for (const { model, points } of forecasts) {
    addDayErrors(model, points, screenedDays, errors, countShare);
  }
  if (errors.length < MIN_DAYS) return NaN;
  // Centred at zero: a biased level is part of the forecast error.
  const spread = clippedSd(errors, 0);
  countShare.sort((a, b) => a - b);
  const variance = spread * spread - countShare[countShare.length >> 1];
  return Math.sqrt(Math.max(0, variance));
}

function addDayErrors(
  model: ModelArtifact,
  points: TrainingPoint[],
  screenedDays: ReadonlySet<number>,
  errors: number[],
  countShare: number[],
): void {
  const days = new Map<number, { actual: number[]; mean: number[]; independent: number[] }>();
  const regularDayVariance = Math.expm1(model.noise.daySd ** 2);
  for (const point of points) {
    if (point.open === false || !Number.isFinite(point.value)) continue;
    const d = predict(model, point.startMs, { open: point.open, events: point.events }).distribution;
    // Holiday days carry their own extra spread, so their errors would
    // count twice.
    const holiday = d.dayVariance > regularDayVariance * (1 + 1e-9);
    if (d.closed || d.zeroProbability > 0 || holiday || screenedDays.has(d.localDay)) continue;
    const day = days.get(d.localDay) ?? { actual: [], mean: [], independent: [] };
    day.actual.push(point.value);
    day.mean.push(d.openMean);
    day.independent.push(d.varianceIndependent);
    days.set(d.localDay, day);
  }
  for (const day of days.values()) {
    // Disrupted hours inside a day (an outage, a double posting) are not
    // part of how far a forecast of normal days is off.
    const marked = new Uint8Array(day.actual.length);
    markDisruptedRuns(day.actual, day.mean, 1, model.noise, marked);
    let actual = 0, mean = 0, independent = 0;
    for (let i = 0; i < day.actual.length; i++) {
      if (marked[i]) continue;
      actual += day.actual[i];
      mean += day.mean[i];
      independent += day.independent[i];
    }
    if (mean / model.noise.unit < MIN_DAY_UNITS || actual <= 0) continue;
    errors.push(Math.log(actual / mean));
    countShare.push(independent / (mean * mean));
  }
}

/** Returns `model` with its day sd raised to the holdout's, within bounds. */
export function withCalibratedDaySd(model: ModelArtifact, holdoutSd: number): ModelArtifact {
  if (!Number.isFinite(holdoutSd)) return model;
  const fitted = Math.sqrt(Math.max(0, model.noise.daySd ** 2 - (model.noise.levelSd ?? 0) ** 2));
  const daySd = Math.max(model.noise.daySd, Math.min(holdoutSd, MAX_WIDENING * fitted));
  const levelSd = Math.sqrt(Math.max(0, daySd * daySd - fitted * fitted));
  return { ...model, noise: { ...model.noise, daySd: compact(daySd), levelSd: compact(levelSd) } };
}
