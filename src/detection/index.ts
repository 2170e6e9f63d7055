/** Scoring of windows and the anomaly lifecycle, shared by the Durable Object and the backtest. */
export {
  createDetectorState,
  DETECTOR_STATE_VERSION,
  DetectorStateSchema,
  observeBucket,
  type BucketObservation,
  type DetectorState,
  type DetectorStep,
} from "./detector";
export {
  severityOf,
  type LifecycleState,
  type Phase,
  type Severity,
  type TrackedAnomaly,
  type Transition,
} from "./lifecycle";
export { scoreWindows, type BucketScore, type Explanation } from "./score";
export {
  ALERT_TYPES,
  breachPValue,
  DEFAULT_LIFECYCLE,
  defaultDetectorSettings,
  LifecycleSettingsSchema,
  WINDOW_BUCKETS,
  type AlertType,
  type DetectorSettings,
  type Direction,
  type LifecycleSettings,
} from "./settings";
export type { RecentBucket } from "./window";
