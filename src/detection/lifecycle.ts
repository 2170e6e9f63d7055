/**
 * Anomaly lifecycle of one location-metric: normal, pending (breaching but
 * not yet long enough), open (updated while it lasts), and back to normal
 * when it resolves. Buckets without data and known-closed buckets change
 * nothing, so a silent feed never looks like recovery.
 */
import type { Direction, LifecycleSettings } from "./settings";
import type { BucketScore } from "./score";

export type Phase = "normal" | "pending" | "open";
export type Severity = "minor" | "major" | "critical";

/** The anomaly being tracked, pending or open. */
export interface TrackedAnomaly {
  direction: Direction;
  /** UTC start of the first bucket of the window that first breached. */
  startedMs: number;
  breachingBuckets: number;
  openedMs: number | null;
  recoveredBuckets: number;
  peakScore: number;
  severity: Severity;
}

/** Lifecycle part of the detector state. */
export interface LifecycleState {
  phase: Phase;
  anomaly: TrackedAnomaly | null;
}

/** What the lifecycle did with one bucket. */
export type Transition =
  | { type: "opened"; anomaly: TrackedAnomaly }
  | { type: "updated"; anomaly: TrackedAnomaly; previousSeverity: Severity }
  | { type: "resolved"; anomaly: TrackedAnomaly; resolvedMs: number };

/** Input of one lifecycle step. */
export interface LifecycleInput {
  startMs: number;
  bucketEndMs: number;
  /** False for no data or a known-closed bucket: the state holds. */
  scorable: boolean;
  score: BucketScore;
  /** Whether recent buckets look normal in the open anomaly's direction. */
  recovered: boolean;
}

/** Severity from the strongest window's relative deviation. */
export function severityOf(score: BucketScore): Severity {
  const relative = Math.abs(score.explanation?.relativeDeviation ?? 1);
  if (relative >= 0.8) return "critical";
  if (relative >= 0.3) return "major";
  return "minor";
}

function startPending(input: LifecycleInput, direction: Direction): TrackedAnomaly {
  return {
    direction,
    startedMs: input.score.explanation?.windowStartMs ?? input.startMs,
    breachingBuckets: 1,
    openedMs: null,
    recoveredBuckets: 0,
    peakScore: input.score.anomalyScore,
    severity: severityOf(input.score),
  };
}

/** Advances the lifecycle by one closed bucket. */
export function stepLifecycle(
  state: LifecycleState,
  input: LifecycleInput,
  settings: Record<Direction, LifecycleSettings>,
): { state: LifecycleState; transition: Transition | null } {
  if (!input.scorable) return { state, transition: null };
  if (state.phase === "open" && state.anomaly) {
    const rule = settings[state.anomaly.direction];
    return stepOpen(state.anomaly, input, rule);
  }
  const breach = input.score.breach;
  if (!breach) return { state: { phase: "normal", anomaly: null }, transition: null };

  const previous = state.phase === "pending" ? state.anomaly : null;
  const anomaly = previous && previous.direction === breach
    ? {
        ...previous,
        breachingBuckets: previous.breachingBuckets + 1,
        peakScore: Math.max(previous.peakScore, input.score.anomalyScore),
        severity: severityOf(input.score),
      }
    : startPending(input, breach);
  const rule = settings[breach];
  const ready = anomaly.breachingBuckets >= rule.openAfterBuckets ||
    input.score.anomalyScore >= rule.openImmediatelyAtScore;
  if (!ready) return { state: { phase: "pending", anomaly }, transition: null };
  const opened = { ...anomaly, openedMs: input.bucketEndMs };
  return {
    state: { phase: "open", anomaly: opened },
    transition: { type: "opened", anomaly: opened },
  };
}

function stepOpen(
  anomaly: TrackedAnomaly,
  input: LifecycleInput,
  rule: LifecycleSettings,
): { state: LifecycleState; transition: Transition | null } {
  const sameBreach = input.score.breach === anomaly.direction;
  const next: TrackedAnomaly = {
    ...anomaly,
    recoveredBuckets: input.recovered ? anomaly.recoveredBuckets + 1 : 0,
    breachingBuckets: anomaly.breachingBuckets + (sameBreach ? 1 : 0),
    peakScore: sameBreach
      ? Math.max(anomaly.peakScore, input.score.anomalyScore)
      : anomaly.peakScore,
    severity: sameBreach ? severityOf(input.score) : anomaly.severity,
  };
  if (next.recoveredBuckets >= rule.resolveAfterBuckets) {
    return {
      state: { phase: "normal", anomaly: null },
      transition: { type: "resolved", anomaly: next, resolvedMs: input.bucketEndMs },
    };
  }
  const state: LifecycleState = { phase: "open", anomaly: next };
  if (next.severity !== anomaly.severity) {
    return {
      state,
      transition: { type: "updated", anomaly: next, previousSeverity: anomaly.severity },
    };
  }
  return { state, transition: null };
}
