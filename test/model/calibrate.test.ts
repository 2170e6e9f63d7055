import { describe, expect, it } from "vitest";
import { fitModel, type TrainingPoint } from "../../src/model";
import { holdoutDaySd } from "../../src/model/calibrate";
import { hashNormal } from "../../src/simulation/random";
import { dayStart, TIME } from "../../src/time/zone";
import { hourlyPoints, type RateOf } from "./helpers";

const ZONE = "Europe/Berlin";
const settings = { grain: "hour", kind: "count", timeZone: ZONE } as const;
const DAY_SD = 0.08;
const DAYS = 200;
const FIRST = "2024-01-01";
const holdoutFromMs = dayStart(ZONE, FIRST) + (DAYS - 28) * TIME.DAY_MS;

/** 40 sales an hour, 08:00-20:00, times a lognormal day shock of sd 0.08. */
function shop(seed: number): RateOf {
  return (local) => {
    if (local.hour < 8 || local.hour >= 20) return 0;
    const day = Math.round(Date.parse(`${local.date}T00:00:00Z`) / TIME.DAY_MS);
    return 40 * Math.exp(DAY_SD * hashNormal(seed, day) - (DAY_SD * DAY_SD) / 2);
  };
}

function fitted(points: TrainingPoint[]) {
  const result = fitModel(points, settings);
  if (result.status !== "fitted") throw new Error("expected a fitted model");
  return result;
}

/** Scales the holdout's days by `factor(days since the holdout began)`. */
function reshaped(points: TrainingPoint[], factor: (day: number) => number): TrainingPoint[] {
  return points.map((p) => {
    if (p.startMs < holdoutFromMs) return p;
    const day = Math.floor((p.startMs - holdoutFromMs) / TIME.DAY_MS);
    return { ...p, value: Math.round(p.value * factor(day)) };
  });
}

const holdout = (points: TrainingPoint[]) => points.filter((p) => p.startMs >= holdoutFromMs);

describe("day spread calibration", () => {
  // Two generated histories, so one unlucky four weeks cannot decide.
  for (const seed of [5, 7]) {
    const clean = hourlyPoints(ZONE, FIRST, DAYS, shop(seed), seed);
    const candidate = fitted(clean.filter((p) => p.startMs < holdoutFromMs)).model;
    const cleanSd = holdoutDaySd([{ model: candidate, points: holdout(clean) }]);

    it(`excludes a slow decline (history ${seed})`, () => {
      // From the holdout's second week, ten days falling to 60% of normal.
      const declined = reshaped(clean, (d) =>
        d < 7 || d >= 17 ? 1 : 1 - 0.4 * Math.min(1, (d - 6) / 4),
      );
      const refit = fitted(declined);
      const forecast = [{ model: candidate, points: holdout(declined) }];
      const screened = holdoutDaySd(forecast, refit.screenedDays);
      expect(refit.screenedDays.size).toBeGreaterThanOrEqual(8);
      expect(screened).toBeLessThan(cleanSd * 1.25);
      // Counting the decline's days would widen every band by a quarter or more.
      expect(holdoutDaySd(forecast)).toBeGreaterThan(screened * 1.25);
    });

    it(`widens for erratic ordinary days (history ${seed})`, () => {
      const erratic = reshaped(clean, (d) => (d % 2 === 0 ? 1.15 : 0.87));
      const refit = fitted(erratic);
      const sd = holdoutDaySd([{ model: candidate, points: holdout(erratic) }], refit.screenedDays);
      expect(sd).toBeGreaterThan(cleanSd * 1.2);
    });
  }
});
