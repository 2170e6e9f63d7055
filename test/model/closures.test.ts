import { describe, expect, it } from "vitest";
import { restWeekdays, unusualClosures } from "../../src/model/closures";
import { effectOf } from "../../src/model/holiday-effects";

// Local day 19_723 is Monday 2024-01-01.
const MONDAY = 19_723;
const DAYS = 56;

/** Builds eight weeks of a store closed on Sundays, plus extra closed days. */
function closures(extra: number[]) {
  const knownClosed = new Uint8Array(DAYS);
  const traded = new Uint8Array(DAYS);
  const holiday = new Uint8Array(DAYS);
  for (let d = 0; d < DAYS; d++) {
    knownClosed[d] = d % 7 === 6 ? 1 : 0;
    traded[d] = knownClosed[d] ? 0 : 1;
  }
  for (const d of extra) {
    knownClosed[d] = 1;
    traded[d] = 0;
  }
  return { knownClosed, traded, holiday };
}

describe("closures", () => {
  it("finds the weekly rest day", () => {
    const { knownClosed, traded, holiday } = closures([]);
    expect(Array.from(restWeekdays(MONDAY, knownClosed, traded, holiday))).toEqual([0, 0, 0, 0, 0, 0, 1]);
  });

  it("leaves rest days and holidays out of unusual closures", () => {
    // A holiday on Monday of week 2, a three-day refit in week 5.
    const { knownClosed, traded, holiday } = closures([7, 30, 31, 32]);
    holiday[7] = 1;
    const rest = restWeekdays(MONDAY, knownClosed, traded, holiday);
    const unusual = unusualClosures(MONDAY, knownClosed, holiday, rest);
    const days = [...unusual.keys()].filter((d) => unusual[d] === 1);
    expect(days).toEqual([30, 31, 32]);
  });
});

describe("learned holiday spread", () => {
  const tag = { key: "Columbus Day", type: "public" as const, offset: 0 as const };

  it("stays near a day's spread for a holiday that traded normally", () => {
    const effect = effectOf(tag, [{ key: tag.key, logFactor: 0.01 }], 0.08);
    expect(effect.extraSd).toBeGreaterThanOrEqual(0.08);
    expect(effect.extraSd).toBeLessThan(0.085);
  });

  it("widens with the size of the effect", () => {
    const effect = effectOf(tag, [{ key: tag.key, logFactor: -0.7 }], 0.08);
    expect(effect.extraSd).toBeGreaterThan(0.2);
    expect(effect.logFactor).toBeLessThan(-0.4);
  });
});
