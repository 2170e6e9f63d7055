/** Per-location model of normal: fit, predict, serialise, retrain. */
export { ModelArtifactSchema, MODEL_ARTIFACT_VERSION, type ModelArtifact } from "./artifact";
export { fitModel, type FitResult } from "./fit";
export { evaluateHoldout, isNotWorse } from "./holdout";
export {
  bucketMoments,
  INTERVAL_LOWER_QUANTILE,
  INTERVAL_UPPER_QUANTILE,
  predict,
  predictPartial,
  sumPredictions,
} from "./predict";
export {
  holdoutStartMs,
  pickBaseline,
  retrain,
  type RetrainOutcome,
  type VersionedModel,
} from "./retrain";
export * from "./schedule";
export type {
  BucketDistribution,
  HoldoutMetrics,
  ModelSettings,
  Prediction,
  PredictionContext,
  TrainingPoint,
} from "./types";
