/**
 * One scheduled retrain of a location-metric, shared by the trainer and the
 * backtest. A candidate fitted on the history before the holdout window is
 * compared with a baseline model on that window. If it is not worse, the
 * refit on the whole history is promoted, with its day spread calibrated on
 * the candidate's holdout errors.
 */
import type { ModelArtifact } from "./artifact";
import { holdoutDaySd, withCalibratedDaySd, type HoldoutForecast } from "./calibrate";
import { fitModel } from "./fit";
import { evaluateHoldout, isNotWorse } from "./holdout";
import { HOLDOUT_DAYS } from "./schedule";
import type { Grain } from "../domain/metrics";
import type { HoldoutMetrics, ModelSettings, TrainingPoint } from "./types";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Result of one retrain. */
export type RetrainOutcome =
  | {
      decision: "promoted";
      model: ModelArtifact;
      candidate: HoldoutMetrics | null;
      baseline: HoldoutMetrics | null;
    }
  | {
      decision: "kept_live";
      /** The refit that lost to the baseline, kept so it can be promoted by hand. */
      model: ModelArtifact;
      candidate: HoldoutMetrics;
      baseline: HoldoutMetrics;
    }
  | { decision: "insufficient_history"; daysAvailable: number; daysNeeded: number };

/** UTC start of the holdout window of a retrain on `points`. */
export function holdoutStartMs(points: TrainingPoint[], grain: Grain): number {
  let last = -Infinity;
  for (const p of points) if (p.startMs > last) last = p.startMs;
  return last + (grain === "hour" ? HOUR_MS : DAY_MS) - HOLDOUT_DAYS * DAY_MS;
}

/** A model version the retrain may compare its candidate with. */
export interface VersionedModel {
  model: ModelArtifact;
  trainedThroughMs: number;
}

/**
 * Picks the model the candidate is compared with: the newest version that
 * went live and was trained before the holdout began, so that neither has
 * seen the holdout. The live model itself has usually been trained on most
 * of it. Compared with a model that already knew the holdout, a candidate
 * loses almost every time the location changes: on the benchmark fleet a
 * third of all retrains were kept out that way, among them every retrain
 * after a renovation. The live model is the baseline only when no earlier
 * version qualifies.
 */
export function pickBaseline(
  live: ModelArtifact | null,
  earlier: VersionedModel[],
  holdoutStart: number,
): ModelArtifact | null {
  let best: VersionedModel | null = null;
  for (const version of earlier) {
    if (version.trainedThroughMs > holdoutStart) continue;
    if (!best || version.trainedThroughMs > best.trainedThroughMs) best = version;
  }
  return best?.model ?? live;
}

/**
 * Retrains from `points` (history up to now, any order). Without a baseline
 * the refit is promoted, because anything beats no model. When the history
 * is too short for a candidate before the holdout, the refit is promoted
 * uncalibrated.
 */
export function retrain(
  points: TrainingPoint[],
  settings: ModelSettings,
  baselineModel: ModelArtifact | null,
): RetrainOutcome {
  const full = fitModel(points, settings);
  if (full.status === "insufficient_history") {
    const { daysAvailable, daysNeeded } = full;
    return { decision: "insufficient_history", daysAvailable, daysNeeded };
  }
  const holdoutStart = holdoutStartMs(points, settings.grain);
  const before = points.filter((p) => p.startMs < holdoutStart);
  const holdout = points.filter((p) => p.startMs >= holdoutStart);
  const candidateFit = fitModel(before, settings);
  if (candidateFit.status !== "fitted") {
    return { decision: "promoted", model: full.model, candidate: null, baseline: null };
  }
  const candidate = evaluateHoldout(candidateFit.model, holdout);
  const baseline = baselineModel ? evaluateHoldout(baselineModel, holdout) : null;
  // A refit that adopted a level shift (a renovated store) has seen a level
  // that neither the candidate nor the baseline has, so the holdout cannot
  // tell them apart.
  const shifted = full.model.fit.shiftDays > 0;
  if (!shifted && baseline && !isNotWorse(candidate, baseline)) {
    return { decision: "kept_live", model: full.model, candidate, baseline };
  }
  const forecasts: HoldoutForecast[] = [{ model: candidateFit.model, points: holdout }];
  const model = withCalibratedDaySd(full.model, holdoutDaySd(forecasts, full.screenedDays));
  return { decision: "promoted", model, candidate, baseline };
}
