import type { HistoryColumns } from "../durable-objects/location/training-data";
import type { Metric } from "../src/domain/metrics";
import type { TrainingPoint } from "../src/model";

/** Converts one metric of the object's columnar history to model points. */
export function toTrainingPoints(columns: HistoryColumns, metric: Metric): TrainingPoint[] {
  const values = columns.values[metric] ?? [];
  return columns.startMs.map((startMs, i) => ({
    startMs,
    value: values[i] ?? 0,
    open: columns.open[i] === null ? null : columns.open[i] === 1,
    ...(columns.events[i] ? { events: columns.events[i] as Record<string, 0 | 1> } : {}),
  }));
}
