import { describe, expect, it } from "vitest";
import { fitModel, type TrainingPoint } from "../../src/model";
import { Random } from "../../src/simulation";
import { dayStart, hourBucketStart, localParts, TIME } from "../../src/time/zone";

const ZONE = "Europe/Madrid";
const ALPHA = 0.05;

/** 300 days of 40 sales an hour, 09:00-21:00, negative binomial with ALPHA. */
function overdispersed(): TrainingPoint[] {
  const random = new Random(17);
  const points: TrainingPoint[] = [];
  const fromMs = dayStart(ZONE, "2024-01-01");
  for (let t = fromMs; t < fromMs + 300 * TIME.DAY_MS; t = hourBucketStart(ZONE, t + TIME.HOUR_MS)) {
    const hour = localParts(ZONE, t).hour;
    const value = hour >= 9 && hour < 21 ? random.negativeBinomial(40, ALPHA) : 0;
    points.push({ startMs: t, value, open: null });
  }
  return points;
}

describe("bucket dispersion", () => {
  it("recovers the overdispersion of a twelve-hour store", () => {
    const result = fitModel(overdispersed(), { grain: "hour", kind: "count", timeZone: ZONE });
    if (result.status !== "fitted") throw new Error("expected a fitted model");
    // The fitted alpha also carries the profile's own estimation error.
    expect(result.model.noise.alpha).toBeGreaterThan(ALPHA * 0.95);
    expect(result.model.noise.alpha).toBeLessThan(ALPHA * 1.12);
  });
});
