import { DetectorStateSchema } from "../../src/detection";
import type { Grain, Metric } from "../../src/domain/metrics";

/** Reads the phase and direction of one metric's detector, not its window. */
export function readDetectorPhase(sql: SqlStorage, metric: Metric, grain: Grain) {
  const row = sql
    .exec<{ state: string }>("SELECT state FROM detectors WHERE metric = ? AND grain = ?", metric, grain)
    .toArray()[0];
  const parsed = row ? DetectorStateSchema.safeParse(JSON.parse(row.state)) : null;
  if (!parsed?.success) return { phase: "normal" as const, direction: null };
  const { phase, anomaly } = parsed.data.lifecycle;
  return { phase, direction: anomaly?.direction ?? null };
}
