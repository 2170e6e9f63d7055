/**
 * One scheduled retrain of a location-metric, shared by the trainer and the
 * backtest. A candidate fitted on the history before the holdout window is
 * compared with the live model on that window. If it is not worse, the
 * refit on the whole history is promoted, with its day spread calibrated on
 * the candidate's holdout errors.
 */
import type { ModelArtifact } from "./artifact";
import { holdoutDaySd, withCalibratedDaySd, type HoldoutForecast } from "./calibrate";
import { fitModel } from "./fit";
import { evaluateHoldout, isNotWorse } from "./holdout";
import { HOLDOUT_DAYS } from "./schedule";
import type { HoldoutMetrics, ModelSettings, TrainingPoint } from "./types";

const DAY_MS = 86_400_000;

/** Result of one retrain. */
export type RetrainOutcome =
  | {
      decision: "promoted";
      model: ModelArtifact;
      candidate: HoldoutMetrics | null;
      live: HoldoutMetrics | null;
    }
  | {
      decision: "kept_live";
      /** The refit that lost to the live model, kept so it can be promoted by hand. */
      model: ModelArtifact;
      candidate: HoldoutMetrics;
      live: HoldoutMetrics;
    }
  | { decision: "insufficient_history"; daysAvailable: number; daysNeeded: number };

/**
 * Retrains from `points` (history up to now, any order). Without a live
 * model the refit is promoted, because anything beats no model. When the
 * history is too short for a candidate before the holdout, the refit is
 * promoted uncalibrated.
 */
export function retrain(
  points: TrainingPoint[],
  settings: ModelSettings,
  live: ModelArtifact | null,
): RetrainOutcome {
  const full = fitModel(points, settings);
  if (full.status === "insufficient_history") {
    const { daysAvailable, daysNeeded } = full;
    return { decision: "insufficient_history", daysAvailable, daysNeeded };
  }
  const holdoutStartMs = full.model.trainedThroughMs - HOLDOUT_DAYS * DAY_MS;
  const before = points.filter((p) => p.startMs < holdoutStartMs);
  const holdout = points.filter((p) => p.startMs >= holdoutStartMs);
  const candidateFit = fitModel(before, settings);
  if (candidateFit.status !== "fitted") {
    return { decision: "promoted", model: full.model, candidate: null, live: null };
  }
  const candidate = evaluateHoldout(candidateFit.model, holdout);
  const liveMetrics = live ? evaluateHoldout(live, holdout) : null;
  if (liveMetrics && !isNotWorse(candidate, liveMetrics)) {
    return { decision: "kept_live", model: full.model, candidate, live: liveMetrics };
  }
  const forecasts: HoldoutForecast[] = [{ model: candidateFit.model, points: holdout }];
  const model = withCalibratedDaySd(full.model, holdoutDaySd(forecasts, full.screenedDays));
  return { decision: "promoted", model, candidate, live: liveMetrics };
}
