/**
 * Walk-forward replay of one location-metric: at every bucket only earlier
 * buckets are known, models are retrained on the production schedule with
 * the production retrain step, and each closed bucket goes through the
 * live detector. The backtest command and the quality benchmark use it.
 */
import type { ModelArtifact } from "../model/artifact";
import { predict } from "../model/predict";
import {
  holdoutStartMs,
  pickBaseline,
  retrain,
  type RetrainOutcome,
  type VersionedModel,
} from "../model/retrain";
import {
  RETRAIN_INTERVAL_DAYS,
  RETRY_WITHOUT_MODEL_DAYS,
} from "../model/schedule";
import type { ModelSettings, TrainingPoint } from "../model/types";
import { createDetectorState, observeBucket } from "./detector";
import type { Transition } from "./lifecycle";
import { defaultDetectorSettings, type DetectorSettings } from "./settings";

const DAY_MS = 86_400_000;

const UNSCORED: ReplayRow = {
  expected: null,
  lower: null,
  upper: null,
  anomalyScore: 0,
  isAnomaly: false,
  transition: null,
};

/** Result for one bucket of the replay. */
export interface ReplayRow {
  /** Null while the location has no model. */
  expected: number | null;
  lower: number | null;
  upper: number | null;
  anomalyScore: number;
  isAnomaly: boolean;
  transition: Transition["type"] | null;
}

/** Options of a replay. */
export interface ReplayOptions {
  detector?: DetectorSettings;
  /** Rows before this index are history only: not scored, not retrained on. */
  scoreFromIndex?: number;
  /** Called after each retrain, for progress and statistics. */
  onRetrain?: (outcome: RetrainOutcome, atMs: number) => void;
}

/**
 * Replays `points` (sorted by start, one location-metric). A row with a
 * NaN value is a bucket with no data: scored as no data, never trained on.
 */
export function replay(
  points: TrainingPoint[],
  settings: ModelSettings,
  options: ReplayOptions = {},
): ReplayRow[] {
  const detectorSettings = options.detector ?? defaultDetectorSettings(settings.grain);
  const from = options.scoreFromIndex ?? 0;
  const history = points.filter((p) => Number.isFinite(p.value));
  let historyEnd = 0;
  let model: ModelArtifact | null = null;
  let nextAttemptMs = -Infinity;
  let state = createDetectorState();
  // Every version that went live, for the holdout baseline of later retrains.
  const promoted: VersionedModel[] = [];
  const rows: ReplayRow[] = [];

  for (let i = from; i < points.length; i++) {
    const point = points[i];
    if (point.startMs >= nextAttemptMs) {
      while (historyEnd < history.length && history[historyEnd].startMs < point.startMs) {
        historyEnd++;
      }
      const known = history.slice(0, historyEnd);
      const baseline = pickBaseline(model, promoted, holdoutStartMs(known, settings.grain));
      const outcome = retrain(known, settings, baseline);
      if (outcome.decision === "promoted") {
        model = outcome.model;
        promoted.push({ model, trainedThroughMs: model.trainedThroughMs });
      }
      options.onRetrain?.(outcome, point.startMs);
      const days = model ? RETRAIN_INTERVAL_DAYS : RETRY_WITHOUT_MODEL_DAYS;
      nextAttemptMs = point.startMs + days * DAY_MS;
    }
    if (!model) {
      rows.push(UNSCORED);
      continue;
    }
    const prediction = predict(model, point.startMs, { open: point.open, events: point.events });
    const actual = Number.isFinite(point.value) ? point.value : null;
    const step = observeBucket(state, { startMs: point.startMs, actual, prediction }, detectorSettings);
    state = step.state;
    rows.push({
      expected: step.judged.mean,
      lower: step.judged.lower,
      upper: step.judged.upper,
      anomalyScore: step.score.anomalyScore,
      isAnomaly: step.isAnomaly,
      transition: step.transition?.type ?? null,
    });
  }
  return rows;
}
