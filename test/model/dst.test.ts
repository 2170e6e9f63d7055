import { describe, expect, it } from "vitest";
import { fitModel, predict } from "../../src/model";
import { detect, hourlyPoints, lunchShop } from "./helpers";

const ZONE = "Europe/Berlin";

function fitted(points: ReturnType<typeof hourlyPoints>) {
  const result = fitModel(points, { grain: "hour", kind: "count", timeZone: ZONE });
  if (result.status !== "fitted") throw new Error("expected a fitted model");
  return result.model;
}

describe("daylight-saving changes", () => {
  it("raises nothing the week after the spring change", () => {
    // Trained in winter (UTC+1), scored from 2024-03-31 (UTC+2).
    const history = hourlyPoints(ZONE, "2024-01-01", 90, lunchShop, 1);
    const model = fitted(history);
    const week = hourlyPoints(ZONE, "2024-03-30", 8, lunchShop, 2);
    expect(detect(model, week).opened).toHaveLength(0);
  });

  it("raises nothing the week after the autumn change", () => {
    const history = hourlyPoints(ZONE, "2024-07-01", 118, lunchShop, 3);
    const model = fitted(history);
    const week = hourlyPoints(ZONE, "2024-10-26", 8, lunchShop, 4);
    expect(detect(model, week).opened).toHaveLength(0);
  });

  it("keeps the opening hour at local 09:00 across the change", () => {
    const model = fitted(hourlyPoints(ZONE, "2024-01-01", 90, lunchShop, 5));
    // 2024-04-02 is in summer time: local 08:00 is 06:00 UTC.
    const before = predict(model, Date.UTC(2024, 3, 2, 6), { open: null });
    const opening = predict(model, Date.UTC(2024, 3, 2, 7), { open: null });
    expect(before.mean).toBeLessThan(0.5);
    expect(opening.mean).toBeGreaterThan(15);
    expect(opening.mean).toBeLessThan(25);
  });
});
