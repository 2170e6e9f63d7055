import { describe, expect, it } from "vitest";
import { replay } from "../../src/detection/walk-forward";
import { dayStart, TIME } from "../../src/time/zone";
import { hourlyPoints, type RateOf } from "./helpers";

const ZONE = "Europe/Madrid";
const reopens = dayStart(ZONE, "2024-04-15");
const closedFrom = dayStart(ZONE, "2024-04-01");
// 30 an hour, 10:00-20:00; closed for renovation, then 40% busier.
const store: RateOf = (local, t) => {
  if (local.hour < 10 || local.hour >= 20) return 0;
  if (t >= closedFrom && t < reopens) return 0;
  return t >= reopens ? 42 : 30;
};

describe("level shift after a renovation", () => {
  const points = hourlyPoints(ZONE, "2024-01-01", 150, store, 51).map((p) => ({
    ...p,
    open: p.startMs >= closedFrom && p.startMs < reopens ? false : null,
  }));
  const rows = replay(points, { grain: "hour", kind: "count", timeZone: ZONE });

  it("raises at most one anomaly for the shift", () => {
    const opened = rows.filter((r, i) => r.transition === "opened" && points[i].startMs >= reopens);
    expect(opened.length).toBeLessThanOrEqual(1);
  });

  it("treats the new level as normal within a week of retraining", () => {
    // Retrains run weekly; two weeks after reopening one has seen the shift.
    const settled = reopens + 21 * TIME.DAY_MS;
    const later = rows.filter((_, i) => points[i].startMs >= settled);
    expect(later.some((r) => r.isAnomaly)).toBe(false);
    const noon = rows.find((_, i) => points[i].startMs === settled + 13 * TIME.HOUR_MS)!;
    expect(noon.expected).toBeGreaterThan(42 * 0.85);
    expect(noon.expected).toBeLessThan(42 * 1.15);
  });
});
