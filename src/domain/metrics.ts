/**
 * Metrics kept per bucket. Amounts are integer minor units of the location's
 * currency (cents for USD), so sums stay exact.
 */
export const METRICS = [
  "transactions",
  "sales",
  "refunds",
  "refund_amount",
  "card_transactions",
  "cash_transactions",
  "other_transactions",
  "heartbeats",
  "errors",
] as const;

export type Metric = (typeof METRICS)[number];

/** How a metric is distributed: event counts or money. */
export type MetricKind = "count" | "amount";

export const METRIC_KIND: Record<Metric, MetricKind> = {
  transactions: "count",
  sales: "amount",
  refunds: "count",
  refund_amount: "amount",
  card_transactions: "count",
  cash_transactions: "count",
  other_transactions: "count",
  heartbeats: "count",
  errors: "count",
};

/** Metrics that get a trained model of normal and are scored for dips. */
export const MODELLED_METRICS: readonly Metric[] = [
  "transactions",
  "sales",
  "card_transactions",
  "cash_transactions",
];

export type Grain = "hour" | "day";

/** One bucket's metric values, keyed by metric name. */
export type MetricValues = Record<Metric, number>;

/** Returns a bucket with every metric at zero. */
export function emptyMetrics(): MetricValues {
  return Object.fromEntries(METRICS.map((m) => [m, 0])) as MetricValues;
}
