import { describe, expect, it } from "vitest";
import { outsideHolidays } from "../../src/model/day-level";
import { forecastLevels } from "../../src/model/level";
import { Random } from "../../src/simulation";

const DAYS = 400;
const HORIZON = 60;
const noClosures = new Uint8Array(DAYS);

function forecast(series: Float64Array, daySd: number, countsPerDay: number): number[] {
  return forecastLevels(series, series, series, noClosures, daySd, HORIZON, countsPerDay).levels;
}

describe("yearly offsets", () => {
  it("keeps most of a large seasonal rise seen last year", () => {
    // Last year, the weeks after the recent window rose by 0.5 over 60 days.
    const series = new Float64Array(DAYS);
    const start = DAYS - 364;
    for (let k = 0; k < HORIZON; k++) series[start + k] = (0.5 * k) / HORIZON;
    const levels = forecast(series, 0.08, 1_000);
    const rise = levels[30] - levels[0];
    expect(rise).toBeGreaterThan(0.8 * 0.25);
    expect(rise).toBeLessThan(0.25 + 0.02);
  });

  it("ignores count noise at a quiet store", () => {
    // The truth is flat. Each day's log ratio carries the noise of six counts.
    const random = new Random(3);
    const series = Float64Array.from({ length: DAYS }, () => {
      const sales = random.poisson(6);
      return Math.log(Math.max(sales, 0.5) / 6);
    });
    const levels = forecast(series, 0.03, 6);
    const spread = Math.max(...levels) - Math.min(...levels);
    expect(spread).toBeLessThan(0.05);
  });
});

describe("gaps in last year", () => {
  it("repeats nothing where last year was masked out", () => {
    // Last year, twelve days after the recent window were masked (a slow
    // decline), and the three days either side of them were low.
    const series = new Float64Array(DAYS);
    const start = DAYS - 364 + 5;
    for (let k = -3; k < 15; k++) series[start + k] = k >= 0 && k < 12 ? NaN : -0.4;
    const levels = forecast(series, 0.08, 1_000);
    for (let k = 8; k < 14; k++) expect(Math.abs(levels[k])).toBeLessThan(0.05);
  });
});

describe("low runs at holidays", () => {
  it("clears only runs spanning a holiday", () => {
    // Days 1-5 are low across the holiday on day 3. Days 7-10 are a run
    // that ends with holiday days 9-10. Days 12-13 are low without one.
    const low = Uint8Array.from([0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0]);
    const holiday = Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(outsideHolidays(low, holiday))).toEqual(
      [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0],
    );
  });
});

describe("flat low runs at holidays", () => {
  // Days 2-9 are low and end on holiday days 8-9, with no low day after.
  const low = Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  const holiday = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);

  it("keeps a year-end plateau in the season", () => {
    const plateau = Float64Array.from([0, 0, -0.5, -0.55, -0.45, -0.5, -0.52, -0.48, NaN, NaN, 0, 0]);
    expect(Array.from(outsideHolidays(low, holiday, plateau)).some((v) => v === 1)).toBe(false);
  });

  it("forgets a decline that ended at a holiday", () => {
    const ramp = Float64Array.from([0, 0, -0.15, -0.25, -0.35, -0.45, -0.55, -0.65, NaN, NaN, 0, 0]);
    expect(Array.from(outsideHolidays(low, holiday, ramp))).toEqual(Array.from(low));
  });
});

describe("level instability", () => {
  it("widens the forecast after a ramp without a season", () => {
    // A first-year store whose last two weeks ramped up to 0.5 (December).
    const series = Float64Array.from({ length: 300 }, (_, d) => (d >= 286 ? (0.5 * (d - 285)) / 14 : 0));
    const flat = new Float64Array(300);
    const ramped = forecastLevels(series, series, series, new Uint8Array(300), 0.05, HORIZON, 1_000);
    const steady = forecastLevels(flat, flat, flat, new Uint8Array(300), 0.05, HORIZON, 1_000);
    expect(ramped.shiftDays).toBe(0);
    expect(ramped.instabilitySd).toBeGreaterThan(0.1);
    expect(steady.instabilitySd).toBe(0);
  });
});
