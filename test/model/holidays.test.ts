import { describe, expect, it } from "vitest";
import { fitModel, predict } from "../../src/model";
import { TIME } from "../../src/time/zone";
import { detect, hourlyPoints, type RateOf } from "./helpers";

const ZONE = "America/Los_Angeles";
const settings = { grain: "hour", kind: "count", timeZone: ZONE, country: "US" } as const;
// Open 08:00-20:00 every day, closed on Christmas Day.
const shop: RateOf = (local) => {
  if (local.month === 12 && local.day === 25) return 0;
  return local.hour >= 8 && local.hour < 20 ? 30 : 0;
};

function fitted(from: string, days: number) {
  const result = fitModel(hourlyPoints(ZONE, from, days, shop, 31), settings);
  if (result.status !== "fitted") throw new Error("expected a fitted model");
  return result.model;
}

describe("holidays in local time", () => {
  // Trained through 2024-12-20 with last Christmas in the history.
  const model = fitted("2023-11-16", 400);
  const christmasWeek = hourlyPoints(ZONE, "2024-12-21", 7, shop, 32);

  it("raises no alert for a closure on 25 December local", () => {
    const { opened } = detect(model, christmasWeek);
    const from = Date.UTC(2024, 11, 25, 8);
    const to = Date.UTC(2024, 11, 26, 8);
    expect(opened.filter((o) => o.startMs >= from && o.startMs < to)).toHaveLength(0);
    expect(opened).toHaveLength(0);
  });

  it("catches a drop on Christmas Eve evening, already the 25th in UTC", () => {
    // 17:00-20:00 on 24 December in Los Angeles is 01:00-04:00 UTC on the 25th.
    const dropped = christmasWeek.map((p) =>
      p.startMs >= Date.UTC(2024, 11, 25, 1) && p.startMs < Date.UTC(2024, 11, 25, 4)
        ? { ...p, value: 0 }
        : p,
    );
    const { opened } = detect(model, dropped);
    expect(opened).toHaveLength(1);
    expect(opened[0].startMs).toBeGreaterThanOrEqual(Date.UTC(2024, 11, 25, 1));
    expect(opened[0].startMs).toBeLessThan(Date.UTC(2024, 11, 25, 4));
  });

  it("expects the calendar's closure without a Christmas in the history", () => {
    const young = fitted("2024-03-01", 295);
    const noon = Date.UTC(2024, 11, 25, 20);
    const prediction = predict(young, noon, { open: null });
    expect(prediction.lower).toBe(0);
    expect(prediction.distribution.zeroProbability).toBeGreaterThanOrEqual(0.5);
    expect(detect(young, christmasWeek).opened).toHaveLength(0);
  });

  it("carries the holiday dates so scoring needs no calendar", () => {
    const christmas = Math.round(Date.UTC(2024, 11, 25) / TIME.DAY_MS);
    expect(model.holidays.some(([day]) => day === christmas)).toBe(true);
  });
});
