import { describe, expect, it } from "vitest";
import { createFleet, hourTruth, Random } from "../../src/simulation";
import { dayStart, TIME } from "../../src/time/zone";
import { heartbeatTimes, liveEvents, NO_EFFECT } from "../../scripts/sim/activity";

const fleet = createFleet({ seed: 5, stores: 12, startDate: "2026-01-01", days: 60 });
const supermarket = fleet.find((s) => s.archetype === "supermarket")!;
/** 18:00 local on a Tuesday, when the supermarket is open. */
const EVENING = dayStart(supermarket.timeZone, "2026-02-03") + 18 * TIME.HOUR_MS;
/** 03:00 local on the same day, when it is closed. */
const NIGHT = dayStart(supermarket.timeZone, "2026-02-03") + 3 * TIME.HOUR_MS;

/** Collects the heartbeat timestamps of liveEvents over [fromMs, toMs) in ticks of `tickMs`. */
function streamedBeats(fromMs: number, toMs: number, tickMs: number): number[] {
  const random = new Random(1);
  const beats: number[] = [];
  for (let t = fromMs; t < toMs; t += tickMs) {
    const events = liveEvents(supermarket, t, Math.min(t + tickMs, toMs), random, NO_EFFECT);
    for (const event of events) {
      if (event.type === "heartbeat") beats.push(Date.parse(event.timestamp as string));
    }
  }
  return beats;
}

describe("simulated heartbeats", () => {
  it("fixture hours match opening hours", () => {
    expect(hourTruth(supermarket, EVENING).open).toBe(true);
    expect(hourTruth(supermarket, NIGHT).open).toBe(false);
  });

  it("come once a minute in 5-second ticks", () => {
    const beats = streamedBeats(EVENING, EVENING + TIME.HOUR_MS, 5_000);
    expect(beats).toHaveLength(60);
    for (let i = 1; i < beats.length; i++) {
      expect(beats[i] - beats[i - 1]).toBe(60_000);
    }
  });

  it("do not depend on the tick length", () => {
    const end = EVENING + 45 * TIME.MINUTE_MS;
    const oneTick = heartbeatTimes(supermarket, EVENING, end);
    expect(streamedBeats(EVENING, end, 5_000)).toEqual(oneTick);
    expect(streamedBeats(EVENING, end, 7_000)).toEqual(oneTick);
    expect(streamedBeats(EVENING, end, 90_000)).toEqual(oneTick);
    expect(oneTick).toHaveLength(45);
  });

  it("stay in the tick they belong to", () => {
    const beats = heartbeatTimes(supermarket, EVENING + 12_345, EVENING + 37 * TIME.MINUTE_MS + 500);
    expect(beats[0]).toBeGreaterThanOrEqual(EVENING + 12_345);
    expect(beats[0]).toBeLessThan(EVENING + 12_345 + 60_000);
    expect(beats.at(-1)!).toBeLessThan(EVENING + 37 * TIME.MINUTE_MS + 500);
  });

  it("are at most one per tick", () => {
    for (let t = EVENING; t < EVENING + 2 * TIME.MINUTE_MS; t += 5_000) {
      expect(heartbeatTimes(supermarket, t, t + 5_000).length).toBeLessThanOrEqual(1);
    }
  });

  it("are not sent while the store is closed", () => {
    expect(streamedBeats(NIGHT, NIGHT + TIME.HOUR_MS, 5_000)).toEqual([]);
  });

  it("are not sent during a silent feed", () => {
    const silent = { ...NO_EFFECT, delivered: false };
    expect(liveEvents(supermarket, EVENING, EVENING + TIME.HOUR_MS, new Random(1), silent)).toEqual([]);
  });
});
