/**
 * Holdout comparison of a candidate model with the live one, and the rule
 * that decides whether the candidate may be promoted.
 */
import type { ModelArtifact } from "./artifact";
import { bucketMoments, predict } from "./predict";
import { probabilityAtOrBelow } from "./stats/count-distribution";
import type { HoldoutMetrics, TrainingPoint } from "./types";

/** Each bucket's log loss is capped so one outlier cannot decide. */
const LOG_LOSS_CAP = 12;
/** Relative and absolute slack on the error before a candidate is worse. */
const ERROR_SLACK_RATIO = 0.1;
const ERROR_SLACK_ABSOLUTE = 0.01;
/** Slack on the mean log loss, in nats per bucket. */
const LOG_LOSS_SLACK = 0.05;

/** Scores a model on holdout points it was not trained on. */
export function evaluateHoldout(
  model: ModelArtifact,
  points: TrainingPoint[],
): HoldoutMetrics {
  let buckets = 0;
  let absoluteError = 0;
  let actualSum = 0;
  let logLoss = 0;
  let inside = 0;
  for (const point of points) {
    if (point.open === false) continue;
    const prediction = predict(model, point.startMs, {
      open: point.open,
      events: point.events,
    });
    const moments = bucketMoments(prediction.distribution);
    buckets += 1;
    absoluteError += Math.abs(point.value - prediction.mean);
    actualSum += point.value;
    const mass =
      probabilityAtOrBelow(moments, point.value) -
      (point.value > 0 ? probabilityAtOrBelow(moments, point.value - moments.unit) : 0);
    logLoss += Math.min(-Math.log(Math.max(mass, 1e-300)), LOG_LOSS_CAP);
    if (point.value >= prediction.lower && point.value <= prediction.upper) inside += 1;
  }
  return {
    buckets,
    weightedAbsoluteError: actualSum > 0 ? absoluteError / actualSum : 0,
    meanLogLoss: buckets > 0 ? logLoss / buckets : 0,
    coverage: buckets > 0 ? inside / buckets : 0,
  };
}

/**
 * Promotion rule: a candidate is "not worse" when its weighted absolute
 * error is within 10% (plus 0.01) of the live model's and its mean log loss
 * within 0.05 nats. The slack lets routine refits through, because both
 * models are scored on the same holdout and differ mostly by noise, while a
 * fit broken by bad data (an outage learned as normal) is kept out.
 */
export function isNotWorse(candidate: HoldoutMetrics, live: HoldoutMetrics): boolean {
  if (candidate.buckets === 0) return false;
  if (live.buckets === 0) return true;
  const errorLimit =
    live.weightedAbsoluteError * (1 + ERROR_SLACK_RATIO) + ERROR_SLACK_ABSOLUTE;
  return (
    candidate.weightedAbsoluteError <= errorLimit &&
    candidate.meanLogLoss <= live.meanLogLoss + LOG_LOSS_SLACK
  );
}
