import { describe, expect, it } from "vitest";
import { scoreWindows } from "../../src/detection/score";
import { breachPValue, LONG_SPIKE_P_SCALE } from "../../src/detection/settings";
import type { RecentBucket } from "../../src/detection/window";

const HOUR_MS = 3_600_000;
const DAY = 20_000;

/** Builds the 24 hours of one day at a store expecting 100 sales an hour. */
function day(actualOf: (hour: number) => number): RecentBucket[] {
  return Array.from({ length: 24 }, (_, hour) => ({
    t: DAY * 86_400_000 + hour * HOUR_MS,
    a: actualOf(hour),
    m: 100,
    v: 100 + 0.002 * 100 * 100,
    k: Math.expm1(0.05 ** 2),
    w: 0,
    kw: 0,
    g: DAY,
    z: 0,
    u: 1,
  }));
}

describe("long spikes", () => {
  it("needs the stricter threshold for a day-long rise", () => {
    const score = scoreWindows(day(() => 122), "hour");
    const threshold = breachPValue("hour", 24);
    // Rare enough to breach as a drop, not rare enough as a rise.
    expect(score.explanation?.windowBuckets).toBe(24);
    expect(score.explanation?.pValue).toBeLessThan(threshold);
    expect(score.explanation?.pValue).toBeGreaterThan(threshold * LONG_SPIKE_P_SCALE);
    expect(score.breach).toBeNull();
  });

  it("still breaches for a doubled day", () => {
    expect(scoreWindows(day(() => 200), "hour").breach).toBe("spike");
  });

  it("keeps the full threshold for a one-hour double posting", () => {
    const score = scoreWindows(day((hour) => (hour === 23 ? 200 : 100)), "hour");
    expect(score.breach).toBe("spike");
    expect(score.explanation?.windowBuckets).toBe(1);
  });
});
