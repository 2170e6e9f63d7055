import { describe, expect, it } from "vitest";
import { fitModel, predict } from "../../src/model";
import { dayStart, TIME } from "../../src/time/zone";
import { detect, hourlyPoints, type RateOf } from "./helpers";

const ZONE = "America/Denver";
// 0.8 sales an hour, 09:00-17:00 Monday to Saturday.
const rural: RateOf = (local) =>
  local.weekday < 6 && local.hour >= 9 && local.hour < 17 ? 0.8 : 0;

function model() {
  const points = hourlyPoints(ZONE, "2024-01-01", 120, rural, 21);
  const result = fitModel(points, { grain: "hour", kind: "count", timeZone: ZONE });
  if (result.status !== "fitted") throw new Error("expected a fitted model");
  return result.model;
}

describe("quiet store", () => {
  const fitted = model();
  const monday = dayStart(ZONE, "2024-04-29");
  const hour = (h: number) => monday + h * TIME.HOUR_MS;

  it("has an honest discrete interval that never goes below zero", () => {
    const p = predict(fitted, hour(11), { open: null });
    expect(p.mean).toBeGreaterThan(0.5);
    expect(p.mean).toBeLessThan(1.2);
    expect(p.lower).toBe(0);
    expect(p.upper).toBeGreaterThanOrEqual(3);
    expect(Number.isInteger(p.upper)).toBe(true);
  });

  it("treats 0 or 3 sales in one hour as normal", () => {
    const salesAt = (h: number) => {
      if (h === 11) return 3;
      if (h === 14) return 0;
      return h >= 9 && h < 17 ? 1 : 0;
    };
    const day = Array.from({ length: 24 }, (_, h) => ({
      startMs: hour(h),
      value: salesAt(h),
      open: null,
    }));
    expect(detect(fitted, day).opened).toHaveLength(0);
  });

  it("raises one anomaly for a whole open day without sales", () => {
    const silent = Array.from({ length: 48 }, (_, h) => ({
      startMs: hour(h),
      // Monday has no sales; Tuesday sells one an hour while open.
      value: h >= 33 && h < 41 ? 1 : 0,
      open: null,
    }));
    const { opened } = detect(fitted, silent);
    expect(opened).toHaveLength(1);
    expect(opened[0].transition.anomaly.direction).toBe("drop");
  });
});
