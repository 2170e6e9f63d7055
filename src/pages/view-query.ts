import { z } from "zod";
import { METRICS, type Metric } from "../domain/metrics";

/** Ranges the location page offers, in days. */
export const RANGE_DAYS = [1, 7, 28] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];

const DEFAULT_RANGE_DAYS: RangeDays = 7;

/** The location page's query: chart metric and range; others are ignored. */
const ViewQuerySchema = z.object({
  metric: z.enum(METRICS).optional().catch(undefined),
  days: z.coerce
    .number()
    .refine((d): d is RangeDays => (RANGE_DAYS as readonly number[]).includes(d))
    .optional()
    .catch(undefined),
});

/** Chart selection: a metric over the last `days` days. */
export interface ChartChoice {
  metric: Metric;
  days: RangeDays;
}

/**
 * Reads the chart's metric and range from a query. A missing or unknown
 * value falls back to the default instead of failing, because a person
 * editing a link should still get the page.
 */
export function parseChartChoice(
  query: Record<string, string>,
  fallbackMetric: Metric,
): ChartChoice {
  const parsed = ViewQuerySchema.parse(query);
  return {
    metric: parsed.metric ?? fallbackMetric,
    days: (parsed.days as RangeDays | undefined) ?? DEFAULT_RANGE_DAYS,
  };
}
