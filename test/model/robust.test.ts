import { describe, expect, it } from "vitest";
import { fitModel, predict, type TrainingPoint } from "../../src/model";
import { dayStart, TIME } from "../../src/time/zone";
import { detect, hourlyPoints, type RateOf } from "./helpers";

const ZONE = "Europe/Paris";
const settings = { grain: "hour", kind: "count", timeZone: ZONE } as const;
// About 40 refunds an hour while open, 09:00-21:00.
const refunds: RateOf = (local) => (local.hour >= 9 && local.hour < 21 ? 40 : 0);

function fit(points: TrainingPoint[]) {
  const result = fitModel(points, settings);
  if (result.status !== "fitted") throw new Error("expected a fitted model");
  return result.model;
}

describe("robust training", () => {
  const clean = hourlyPoints(ZONE, "2024-01-01", 120, refunds, 41);
  const replayed = clean.map((p, i) => (i === clean.length - 24 * 20 + 12 ? { ...p, value: 20_000 } : p));
  const noon = dayStart(ZONE, "2024-05-03") + 12 * TIME.HOUR_MS;

  it("keeps the band after one absurd hour in training", () => {
    const before = predict(fit(clean), noon, { open: null });
    const after = predict(fit(replayed), noon, { open: null });
    expect(after.upper - after.lower).toBeLessThan((before.upper - before.lower) * 1.15);
    expect(Math.abs(after.mean - before.mean)).toBeLessThan(before.mean * 0.05);
  });

  it("still flags 150 refunds in an hour and not 45", () => {
    const model = fit(replayed);
    const week = hourlyPoints(ZONE, "2024-04-30", 7, refunds, 42);
    const spikeAt = week.findIndex((p) => p.startMs === noon);
    const spiked = week.map((p, i) => (i === spikeAt ? { ...p, value: 150 } : p));
    const mild = week.map((p, i) => (i === spikeAt ? { ...p, value: 45 } : p));
    const flagged = detect(model, spiked).opened;
    expect(flagged).toHaveLength(1);
    expect(flagged[0].startMs).toBe(noon);
    expect(detect(model, mild).opened).toHaveLength(0);
  });

  it("keeps the level after a three-day outage in training", () => {
    const end = clean.length;
    const outage = clean.map((p, i) => (i >= end - 24 * 10 && i < end - 24 * 7 ? { ...p, value: 0 } : p));
    const normal = predict(fit(clean), noon, { open: null }).mean;
    const afterOutage = predict(fit(outage), noon, { open: null }).mean;
    expect(afterOutage).toBeGreaterThan(normal * 0.93);
  });
});
