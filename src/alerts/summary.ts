import type { Metric } from "../domain/metrics";
import { METRIC_KIND } from "../domain/metrics";
import { fromMinorUnits } from "../domain/money";

const METRIC_LABELS: Record<Metric, string> = {
  transactions: "transactions",
  sales: "sales",
  refunds: "refunds",
  refund_amount: "refund amount",
  card_transactions: "card transactions",
  cash_transactions: "cash transactions",
  other_transactions: "other-tender transactions",
  heartbeats: "heartbeats",
  errors: "integration errors",
};

/** Formats a chance as "1 in N" with N rounded to a readable figure. */
export function formatChance(pValue: number): string {
  if (!(pValue > 0)) return "under 1 in a billion";
  if (pValue >= 0.01) return `about ${Math.round(pValue * 100)}%`;
  const odds = 1 / pValue;
  const rounded = odds >= 1e9 ? "a billion" : Number(odds.toPrecision(1)).toLocaleString("en-US");
  return odds >= 1e9 ? "under 1 in a billion" : `under 1 in ${rounded}`;
}

function formatValue(metric: Metric, value: number, currency: string, exponent: number): string {
  if (METRIC_KIND[metric] === "amount") {
    return `${currency} ${fromMinorUnits(Math.round(value), exponent)}`;
  }
  return String(Math.round(value));
}

function formatWindow(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return hours === 24 ? "day" : `${hours / 24} days`;
  return hours === 1 ? "hour" : `${hours} hours`;
}

/**
 * Writes the one-sentence summary of a model-based anomaly, for example
 * "Transactions 45% below normal over the last 3 hours: 33 against about
 * 60 expected (chance under 1 in 10,000)."
 */
export function describeDeviation(input: {
  metric: Metric;
  actual: number;
  expected: number;
  windowHours: number;
  pValue: number | null;
  currency: string;
  currencyExponent: number;
}): string {
  const label = METRIC_LABELS[input.metric];
  const relative = input.expected > 0 ? (input.actual - input.expected) / input.expected : null;
  const direction = input.actual < input.expected ? "below" : "above";
  const size = relative === null ? "" : `${Math.round(Math.abs(relative) * 100)}% `;
  const actual = formatValue(input.metric, input.actual, input.currency, input.currencyExponent);
  const expected = formatValue(input.metric, input.expected, input.currency, input.currencyExponent);
  const chance = input.pValue === null ? "" : ` (chance ${formatChance(input.pValue)})`;
  const subject = label.charAt(0).toUpperCase() + label.slice(1);
  return `${subject} ${size}${direction} normal over the last ${formatWindow(input.windowHours)}: ${actual} against about ${expected} expected${chance}.`;
}
