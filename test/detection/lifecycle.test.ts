import { describe, expect, it } from "vitest";
import {
  createDetectorState,
  defaultDetectorSettings,
  DetectorStateSchema,
  observeBucket,
  type DetectorState,
} from "../../src/detection";
import { fromDistribution } from "../../src/model/predict";
import type { Prediction } from "../../src/model";

const HOUR_MS = 3_600_000;
const START = Date.UTC(2024, 4, 6, 0);
const settings = defaultDetectorSettings("hour");

/** Builds a busy hour: 100 expected, Poisson-like, a small day spread. */
function busy(hour: number, closed = false): Prediction {
  return fromDistribution({
    family: "negative_binomial",
    openMean: closed ? 0 : 100,
    varianceIndependent: closed ? 0 : 100,
    dayVariance: 0.0025,
    dayTailWeight: 0,
    dayTailVariance: 0,
    unit: 1,
    zeroProbability: 0,
    localDay: Math.floor((START + hour * HOUR_MS) / 86_400_000),
    closed,
  });
}

function run(values: (number | null)[], closedHours: number[] = []) {
  let state: DetectorState = createDetectorState();
  const steps = values.map((actual, h) => {
    const step = observeBucket(
      state,
      { startMs: START + h * HOUR_MS, actual, prediction: busy(h, closedHours.includes(h)) },
      settings,
    );
    state = step.state;
    return step;
  });
  return { steps, state };
}

describe("anomaly lifecycle", () => {
  it("stays normal on ordinary hours", () => {
    const { steps } = run([95, 104, 99, 110, 92, 101]);
    expect(steps.every((s) => !s.isAnomaly)).toBe(true);
    expect(steps.every((s) => s.score.anomalyScore < 0.5)).toBe(true);
  });

  it("opens on a strong drop and resolves after recovery", () => {
    const { steps } = run([100, 98, 0, 0, 0, 101, 99, 103, 100, 97, 102]);
    const types = steps.map((s) => s.transition?.type ?? null);
    expect(types.filter((t) => t === "opened")).toHaveLength(1);
    expect(types.filter((t) => t === "resolved")).toHaveLength(1);
    expect(types.indexOf("opened")).toBe(2);
    expect(types.indexOf("resolved")).toBeGreaterThan(5);
  });

  it("explains the score with expected, actual and deviation", () => {
    const { steps } = run([100, 0]);
    const e = steps[1].score.explanation!;
    expect(e.direction).toBe("drop");
    expect(e.actual).toBe(0);
    expect(e.expected).toBeGreaterThan(90);
    expect(e.relativeDeviation).toBeCloseTo(-1, 5);
    expect(steps[1].score.anomalyScore).toBeGreaterThanOrEqual(0.5);
    expect(steps[1].score.anomalyScore).toBeLessThanOrEqual(1);
  });

  it("does not treat missing data as recovery", () => {
    const { steps } = run([100, 0, 0, null, null, null, null, null]);
    expect(steps.at(-1)!.isAnomaly).toBe(true);
    expect(steps.some((s) => s.transition?.type === "resolved")).toBe(false);
  });

  it("never scores known-closed buckets", () => {
    const { steps } = run([0, 0, 0, 0], [0, 1, 2, 3]);
    expect(steps.every((s) => s.score.anomalyScore === 0 && !s.isAnomaly)).toBe(true);
  });

  it("does not reopen from the evidence that opened it", () => {
    const values = [100, 0, 0, ...new Array(30).fill(100)];
    const { steps } = run(values);
    const opened = steps.filter((s) => s.transition?.type === "opened");
    expect(opened).toHaveLength(1);
  });

  it("keeps a small state that survives JSON", () => {
    const { state } = run(new Array(48).fill(100));
    const json = JSON.stringify(state);
    expect(json.length).toBeLessThan(4_000);
    expect(DetectorStateSchema.parse(JSON.parse(json))).toEqual(state);
  });
});
