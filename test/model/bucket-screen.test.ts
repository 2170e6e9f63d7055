import { describe, expect, it } from "vitest";
import { fitModel, predict } from "../../src/model";
import { markDisruptedRuns } from "../../src/model/bucket-screen";
import { Random } from "../../src/simulation";
import { dayStart, TIME } from "../../src/time/zone";
import { hourlyPoints, lunchShop } from "./helpers";

const NOISE = { unit: 1, alpha: 0.01 };
// Twelve open hours expecting 40 sales each.
const expected = Array.from({ length: 12 }, () => 40);

function day(seed: number, change: (hour: number, value: number) => number): number[] {
  const random = new Random(seed);
  return expected.map((e, h) => change(h, random.poisson(e)));
}

describe("disrupted bucket screen", () => {
  it("marks nothing in ordinary days", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const marked = new Uint8Array(12);
      expect(markDisruptedRuns(day(seed, (_, v) => v), expected, 1, NOISE, marked)).toBe(0);
    }
  });

  it("marks the hours of a feed outage", () => {
    const actual = day(3, (h, v) => (h >= 4 && h < 7 ? 0 : v));
    const marked = new Uint8Array(12);
    expect(markDisruptedRuns(actual, expected, 1, NOISE, marked)).toBe(3);
    expect([...marked]).toEqual([0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it("marks a double-posted hour", () => {
    const actual = day(4, (h, v) => (h === 9 ? 2 * v : v));
    const marked = new Uint8Array(12);
    expect(markDisruptedRuns(actual, expected, 1, NOISE, marked)).toBe(1);
    expect(marked[9]).toBe(1);
  });

  it("judges the day by its own level", () => {
    // A busy day (30% up) with an outage: the day's level comes from its
    // other hours, so the busy hours are not marked as a spike.
    const actual = day(5, (h, v) => (h < 2 ? 0 : Math.round(v * 1.3)));
    const marked = new Uint8Array(12);
    expect(markDisruptedRuns(actual, expected, 1, NOISE, marked)).toBe(2);
    expect(marked.slice(2).every((m) => m === 0)).toBe(true);
  });

  it("leaves a mostly silent day whole", () => {
    const actual = day(6, (h, v) => (h < 9 ? 0 : v));
    const marked = new Uint8Array(12);
    expect(markDisruptedRuns(actual, expected, 1, NOISE, marked)).toBe(0);
    expect(marked.every((m) => m === 0)).toBe(true);
  });
});

describe("fit with short outages in training", () => {
  const zone = "Europe/Madrid";
  const settings = { grain: "hour" as const, kind: "count" as const, timeZone: zone };
  const clean = hourlyPoints(zone, "2024-01-01", 70, lunchShop, 9);
  // Every fifth day loses four hours to a feed outage, at a different
  // time of day each time.
  const outages = clean.map((p) => {
    const dayIndex = Math.floor((p.startMs - dayStart(zone, "2024-01-01")) / TIME.DAY_MS);
    const from = 9 + ((dayIndex / 5) % 7);
    const hour = new Date(p.startMs).getUTCHours() + 1;
    return dayIndex % 5 === 0 && hour >= from && hour < from + 4 ? { ...p, value: 0 } : p;
  });

  function fitted(points: typeof clean) {
    const result = fitModel(points, settings);
    if (result.status !== "fitted") throw new Error("expected a fitted model");
    return result.model;
  }

  it("keeps the level and the day spread", () => {
    const reference = fitted(clean);
    const model = fitted(outages);
    const noon = dayStart(zone, "2024-03-12") + 11 * TIME.HOUR_MS;
    const expectedNoon = predict(reference, noon, { open: null }).mean;
    expect(predict(model, noon, { open: null }).mean).toBeGreaterThan(expectedNoon * 0.95);
    expect(predict(model, noon, { open: null }).mean).toBeLessThan(expectedNoon * 1.05);
    expect(model.noise.daySd).toBeLessThan(reference.noise.daySd * 1.25);
    // 14 outages of four hours; a few of their hours sold little anyway.
    expect(model.fit.disruptedBuckets).toBeGreaterThan(40);
  });
});
