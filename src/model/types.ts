/** Inputs and outputs of the per-location model. */
import type { Grain, MetricKind } from "../domain/metrics";

/** One bucket of history for one location and metric. */
export interface TrainingPoint {
  /** UTC start of the local hour bucket, or of the local day. */
  startMs: number;
  /** A count, or an amount in integer minor units. */
  value: number;
  /**
   * false: known closed, so the value is expected to be zero, is never an
   * anomaly and never trains the baseline. null: not known.
   */
  open: boolean | null;
  /** Known covariates of the bucket, such as promo or school_holiday. */
  events?: Record<string, 0 | 1>;
}

/** Settings of a fit: grain, kind, zone and holiday calendar. */
export interface ModelSettings {
  grain: Grain;
  kind: MetricKind;
  /** IANA zone of the location; seasonality is in its local time. */
  timeZone: string;
  /** ISO 3166-1 alpha-2 country for the holiday calendar. */
  country?: string;
  /** ISO 3166-2 subdivision code without the country, such as "BY". */
  subdivision?: string;
}

/** Scoring context of one bucket. */
export interface PredictionContext {
  open: boolean | null;
  events?: Record<string, 0 | 1>;
}

/**
 * Distribution of one bucket's value. Buckets of the same local day share a
 * multiplier, so window totals add `varianceIndependent` across buckets and
 * `dayVariance * (sum of openMean within a day)^2` once per day.
 */
export interface BucketDistribution {
  family: "negative_binomial";
  /** Mean if the location is open (trading as usual). */
  openMean: number;
  /** Variance given the day's multiplier, in squared metric units. */
  varianceIndependent: number;
  /** Variance of the day's multiplier (its mean is 1). */
  dayVariance: number;
  /**
   * Weight and multiplier variance of a wide component of the day
   * multiplier: forecasts of a level are sometimes far off, more often than
   * a single lognormal allows, and the window tails mix both components.
   */
  dayTailWeight: number;
  dayTailVariance: number;
  /** Value of one count unit: 1 for counts, a fitted amount for money. */
  unit: number;
  /** Probability of an unplanned closure (a holiday without history). */
  zeroProbability: number;
  /** Local day number (days since 1970-01-01 in local time). */
  localDay: number;
  /** True when the bucket is known closed: expected zero, never scored. */
  closed: boolean;
  /**
   * Log variance of the level forecast's error, part of `dayVariance`, and
   * the training end of the model whose level it is. Buckets predicted by
   * one model share that error from day to day.
   */
  levelVariance?: number;
  levelOrigin?: number;
  /** True on a holiday or a day next to one, which has its own spread. */
  holiday?: boolean;
}

/** Expected value of a bucket with a central interval. */
export interface Prediction {
  mean: number;
  /** Lower end of the central interval; never below zero. */
  lower: number;
  upper: number;
  distribution: BucketDistribution;
}

/** Accuracy of a model on a holdout window. */
export interface HoldoutMetrics {
  /** Buckets scored: open or unknown, with a prediction. */
  buckets: number;
  /** Sum of absolute errors divided by the sum of actuals. */
  weightedAbsoluteError: number;
  /** Mean negative log predictive probability, each term capped. */
  meanLogLoss: number;
  /** Share of buckets inside the central interval. */
  coverage: number;
}
