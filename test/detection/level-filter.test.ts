import { describe, expect, it } from "vitest";
import {
  createDetectorState,
  defaultDetectorSettings,
  DetectorStateSchema,
  observeBucket,
} from "../../src/detection";
import type { DetectorState } from "../../src/detection";
import { fromDistribution } from "../../src/model/predict";
import type { Prediction } from "../../src/model";

const HOUR_MS = 3_600_000;
const FIRST_DAY = 20_000;
const ORIGIN_MS = FIRST_DAY * 86_400_000;
/** Day noise of the store, and the model's level forecast error. */
const DAY_SD = 0.05;
const LEVEL_SD = 0.1;

/** Predicts an hour of a store open 08:00-20:00 that expects 100 sales an hour. */
function prediction(day: number, origin = ORIGIN_MS): Prediction {
  const mean = 100;
  return fromDistribution({
    family: "negative_binomial",
    openMean: mean,
    varianceIndependent: mean + 0.001 * mean * mean,
    dayVariance: Math.expm1(DAY_SD ** 2 + LEVEL_SD ** 2),
    dayTailWeight: 0,
    dayTailVariance: 0,
    unit: 1,
    zeroProbability: 0,
    localDay: FIRST_DAY + day,
    closed: false,
    levelVariance: LEVEL_SD ** 2,
    levelOrigin: origin,
  });
}

/** Feeds `days` days of 12 open hours trading at `ratio` times the model. */
function trade(state: DetectorState, fromDay: number, days: number, ratio: (day: number) => number, origin?: number) {
  const settings = defaultDetectorSettings("hour");
  let current = state;
  for (let day = fromDay; day < fromDay + days; day++) {
    for (let hour = 8; hour < 20; hour++) {
      const startMs = (FIRST_DAY + day) * 86_400_000 + hour * HOUR_MS;
      const step = observeBucket(
        current,
        { startMs, actual: Math.round(100 * ratio(day)), prediction: prediction(day, origin) },
        settings,
      );
      current = step.state;
    }
  }
  return current;
}

/** Returns the next day's first hour as the detector judges it. */
function judgedNext(state: DetectorState, day: number, origin?: number) {
  const startMs = (FIRST_DAY + day) * 86_400_000 + 8 * HOUR_MS;
  return observeBucket(state, { startMs, actual: 100, prediction: prediction(day, origin) }, defaultDetectorSettings("hour")).judged;
}

describe("level filter", () => {
  it("learns a level the model forecast low", () => {
    const state = trade(createDetectorState(), 0, 5, () => 1.08);
    const judged = judgedNext(state, 5);
    // The correction stops at half a sd of one day's noise: about 0.03.
    expect(judged.mean).toBeGreaterThan(102.5);
    expect(judged.mean).toBeLessThan(104);
  });

  it("narrows the day spread as it learns", () => {
    const before = prediction(5).distribution.dayVariance;
    const after = judgedNext(trade(createDetectorState(), 0, 5, () => 1), 5).distribution.dayVariance;
    expect(after).toBeLessThan(before * 0.5);
    expect(after).toBeGreaterThanOrEqual(Math.expm1(DAY_SD ** 2) - 1e-12);
  });

  it("does not learn a day dip", () => {
    const state = trade(createDetectorState(), 0, 3, (day) => (day === 1 ? 0.5 : 1));
    const judged = judgedNext(state, 3);
    expect(judged.mean).toBeGreaterThan(98);
    expect(judged.mean).toBeLessThan(102);
  });

  it("follows a slow decline by one level sd at most", () => {
    const decline = (day: number) => 1 - 0.04 * day;
    const judged = judgedNext(trade(createDetectorState(), 0, 10, decline), 10);
    expect(judged.mean).toBeGreaterThanOrEqual(100 * Math.exp(-LEVEL_SD) - 1e-9);
  });

  it("survives the round trip through storage", () => {
    const state = trade(createDetectorState(), 0, 3, () => 1.05);
    const stored = DetectorStateSchema.parse(JSON.parse(JSON.stringify(state)));
    expect(stored.filter).toEqual(state.filter);
    expect(stored.filter?.shift).toBeGreaterThan(0);
  });

  it("starts afresh with a new model", () => {
    const learned = trade(createDetectorState(), 0, 5, () => 1.08);
    const judged = judgedNext(learned, 5, ORIGIN_MS + 5 * 86_400_000);
    expect(judged.mean).toBe(100);
    expect(judged.distribution.dayVariance).toBeCloseTo(prediction(5).distribution.dayVariance, 12);
  });
});
