import { describe, expect, it } from "vitest";
import { scoreWindows } from "../../src/detection/score";
import { conditionedOnDay, type RecentBucket } from "../../src/detection/window";

const HOUR_MS = 3_600_000;
const DAY = 20_000;
const START_MS = DAY * 86_400_000 + 8 * HOUR_MS;
const DAY_SD = 0.2;

/** Builds an hour expecting 100 sales, with little overdispersion and a day sd of 0.2. */
function hour(index: number, actual: number): RecentBucket {
  const mean = 100;
  return {
    t: START_MS + index * HOUR_MS,
    a: actual,
    m: mean,
    v: mean + 0.002 * mean * mean,
    k: Math.expm1(DAY_SD * DAY_SD),
    w: 0,
    kw: 0,
    g: DAY,
    z: 0,
    u: 1,
  };
}

const morning = (actual: number) => Array.from({ length: 8 }, (_, i) => hour(i, actual));

describe("day conditioning", () => {
  it("moves the expectation toward the morning", () => {
    const [next] = conditionedOnDay([...morning(110), hour(8, 0)], [hour(8, 0)]);
    expect(next.m).toBeGreaterThan(105);
    expect(next.m).toBeLessThan(110);
    expect(next.k).toBeLessThan(hour(8, 0).k * 0.3);
  });

  it("limits the move after a morning outage", () => {
    const [next] = conditionedOnDay([...morning(0), hour(8, 0)], [hour(8, 0)]);
    expect(next.m).toBeGreaterThanOrEqual(100 * Math.exp(-2 * DAY_SD) - 1e-9);
    expect(next.k).toBe(hour(8, 0).k);
  });

  it("leaves buckets of other days alone", () => {
    const tomorrow = { ...hour(20, 100), g: DAY + 1 };
    expect(conditionedOnDay([...morning(110), tomorrow], [tomorrow])).toEqual([tomorrow]);
  });

  it("catches a one-hour drop after a normal morning", () => {
    const drop = hour(8, 45);
    const alone = scoreWindows([drop], "hour");
    const afterMorning = scoreWindows([...morning(100), drop], "hour");
    expect(alone.breach).toBeNull();
    expect(afterMorning.breach).toBe("drop");
    expect(afterMorning.explanation?.windowBuckets).toBe(1);
  });
});
