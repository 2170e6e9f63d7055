import { describe, expect, it } from "vitest";
import { fitModel, ModelArtifactSchema, predict, predictPartial, sumPredictions } from "../../src/model";
import { dayStart, TIME } from "../../src/time/zone";
import { hourlyPoints, lunchShop } from "./helpers";

function fitted(zone: string, from: string, days: number, knownClosed = false) {
  const points = hourlyPoints(zone, from, days, lunchShop, 11, knownClosed);
  const result = fitModel(points, { grain: "hour", kind: "count", timeZone: zone, country: "DE" });
  if (result.status !== "fitted") throw new Error("expected a fitted model");
  return result.model;
}

describe("model artifact", () => {
  it("round-trips through JSON with the same predictions", () => {
    const model = fitted("Europe/Berlin", "2024-01-01", 120);
    const read = ModelArtifactSchema.parse(JSON.parse(JSON.stringify(model)));
    const t = model.trainedThroughMs + 12 * TIME.HOUR_MS;
    expect(predict(read, t, { open: null })).toEqual(predict(model, t, { open: null }));
  });

  it("stays small", () => {
    const model = fitted("Europe/Berlin", "2024-01-01", 120);
    expect(JSON.stringify(model).length).toBeLessThan(8_000);
  });

  it("rejects an artifact with a wrong profile length", () => {
    const model = fitted("Europe/Berlin", "2024-01-01", 60);
    const broken = { ...model, profile: model.profile.slice(0, 7) };
    expect(ModelArtifactSchema.safeParse(broken).success).toBe(false);
  });

  it("reports insufficient history", () => {
    const points = hourlyPoints("Europe/Berlin", "2024-01-01", 10, lunchShop);
    const result = fitModel(points, { grain: "hour", kind: "count", timeZone: "Europe/Berlin" });
    expect(result.status).toBe("insufficient_history");
    if (result.status === "insufficient_history") expect(result.daysNeeded).toBe(28);
  });
});

describe("half-hour zones", () => {
  it("aligns the profile to local hours in Asia/Kolkata", () => {
    const model = fitted("Asia/Kolkata", "2024-01-01", 60);
    // Local 09:00 in Kolkata (UTC+05:30) starts at 03:30 UTC.
    const opening = predict(model, Date.UTC(2024, 2, 5, 3, 30), { open: null });
    const beforeOpening = predict(model, Date.UTC(2024, 2, 5, 2, 30), { open: null });
    expect(opening.mean).toBeGreaterThan(15);
    expect(beforeOpening.mean).toBeLessThan(0.5);
  });
});

describe("closed hours", () => {
  it("predicts exactly zero for a known-closed bucket", () => {
    const model = fitted("Europe/Berlin", "2024-01-01", 60, true);
    const t = dayStart("Europe/Berlin", "2024-03-05") + 12 * TIME.HOUR_MS;
    const closed = predict(model, t, { open: false });
    expect(closed.mean).toBe(0);
    expect(closed.upper).toBe(0);
    expect(closed.distribution.closed).toBe(true);
  });

  it("does not learn closed hours as zero demand", () => {
    const model = fitted("Europe/Berlin", "2024-01-01", 60, true);
    const noon = dayStart("Europe/Berlin", "2024-03-05") + 12 * TIME.HOUR_MS;
    expect(predict(model, noon, { open: true }).mean).toBeGreaterThan(35);
  });
});

describe("partial and summed predictions", () => {
  it("scales the mean of an elapsed part of a bucket", () => {
    const model = fitted("Europe/Berlin", "2024-01-01", 60);
    const noon = dayStart("Europe/Berlin", "2024-03-05") + 12 * TIME.HOUR_MS;
    const whole = predict(model, noon, { open: null });
    const half = predictPartial(whole, 0.5);
    expect(half.mean).toBeCloseTo(whole.mean / 2, 6);
    expect(half.upper).toBeLessThan(whole.upper);
  });

  it("sums a day's hours into one day prediction", () => {
    const model = fitted("Europe/Berlin", "2024-01-01", 60);
    const start = dayStart("Europe/Berlin", "2024-03-05");
    const hours = Array.from({ length: 24 }, (_, h) => predict(model, start + h * TIME.HOUR_MS, { open: null }));
    const day = sumPredictions(hours);
    const total = hours.reduce((s, p) => s + p.mean, 0);
    expect(day.mean).toBeCloseTo(total, 6);
    expect(day.lower).toBeLessThan(total);
    expect(day.upper).toBeGreaterThan(total);
  });
});
