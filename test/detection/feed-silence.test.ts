import { describe, expect, it } from "vitest";
import {
  checkIntervalMs,
  MAX_CHECK_INTERVAL_MS,
  MIN_CHECK_INTERVAL_MS,
  silenceVerdict,
  SILENCE_LOOKBACK_MS,
} from "../../src/detection/feed-silence";
import type { LocationProfile } from "../../src/domain/location";
import { fitModel, type ModelArtifact } from "../../src/model";
import { localToUtc, TIME } from "../../src/time/zone";
import { hourlyPoints, type RateOf } from "../model/helpers";

const ZONE = "Europe/Berlin";
const DAILY = [["09:00", "20:00"]] as [string, string][];

/** Builds the profile of a store declared open 09:00-20:00 every day. */
function profileWith(exceptions: LocationProfile["schedule"]["exceptions"] = []): LocationProfile {
  const weekly = { mon: DAILY, tue: DAILY, wed: DAILY, thu: DAILY, fri: DAILY, sat: DAILY, sun: DAILY };
  return {
    id: "feed-silence", name: "feed silence", timezone: ZONE, tags: [], currency: "EUR",
    currencyExponent: 2, schedule: { weekly, exceptions }, closedOnPublicHolidays: false, updatedAt: 0,
  };
}

function storeOf(perHour: number): RateOf {
  return (local) => (local.hour >= 9 && local.hour < 20 ? perHour : 0);
}

/** Fits ten weeks to 2024-03-11, so 2024-03-12 (a Tuesday) is just ahead. */
function modelOf(perHour: number): ModelArtifact {
  const fit = fitModel(hourlyPoints(ZONE, "2024-01-01", 70, storeOf(perHour), 7, true), {
    grain: "hour", kind: "count", timeZone: ZONE,
  });
  if (fit.status !== "fitted") throw new Error(`fit failed: ${fit.status}`);
  return fit.model;
}

const busy = modelOf(80);
const quiet = modelOf(3);
const at = (date: string, time: string) => localToUtc(ZONE, Date.parse(`${date}T${time}:00Z`));

/** Minutes after the last sale until the first silent verdict, checked each minute. */
function minutesToSilence(model: ModelArtifact, lastSaleMs: number, maxMinutes: number): number | null {
  for (let minute = 1; minute <= maxMinutes; minute++) {
    const nowMs = lastSaleMs + minute * TIME.MINUTE_MS;
    const verdict = silenceVerdict({ model, profile: profileWith(), lastSaleMs, liveSinceMs: 0, nowMs });
    if (verdict.silent) return minute;
  }
  return null;
}

describe("silenceVerdict", () => {
  it("calls a busy store silent within 15 minutes", () => {
    const minutes = minutesToSilence(busy, at("2024-03-12", "12:00"), 60);
    expect(minutes).not.toBeNull();
    expect(minutes!).toBeLessThanOrEqual(15);
  });

  it("calls a quiet store later, within its day", () => {
    const busyMinutes = minutesToSilence(busy, at("2024-03-12", "10:00"), 60)!;
    const quietMinutes = minutesToSilence(quiet, at("2024-03-12", "10:00"), 10 * 60);
    expect(quietMinutes).not.toBeNull();
    expect(quietMinutes!).toBeGreaterThan(4 * busyMinutes);
    expect(quietMinutes!).toBeLessThan(10 * 60);
  });

  it("reports the span, expectation and chance", () => {
    const lastSaleMs = at("2024-03-12", "12:00");
    const nowMs = lastSaleMs + 30 * TIME.MINUTE_MS;
    const verdict = silenceVerdict({ model: busy, profile: profileWith(), lastSaleMs, liveSinceMs: 0, nowMs });
    expect(verdict.silent).toBe(true);
    expect(verdict.fromMs).toBe(lastSaleMs);
    expect(verdict.expected).toBeGreaterThan(30);
    expect(verdict.expected).toBeLessThan(50);
    expect(verdict.pValue!).toBeLessThan(1e-4);
  });

  it("never calls silence over closed hours", () => {
    const lastSaleMs = at("2024-03-12", "19:59");
    const profile = profileWith();
    for (let nowMs = lastSaleMs + TIME.MINUTE_MS; nowMs < at("2024-03-13", "09:00"); nowMs += TIME.MINUTE_MS) {
      const verdict = silenceVerdict({ model: busy, profile, lastSaleMs, liveSinceMs: 0, nowMs });
      expect(verdict.silent, new Date(nowMs).toISOString()).toBe(false);
    }
  });

  it("never calls silence on a declared closure day", () => {
    const profile = profileWith([{ date: "2024-03-13", closed: true, note: "stocktake" }]);
    const lastSaleMs = at("2024-03-12", "19:59");
    for (let nowMs = lastSaleMs; nowMs < at("2024-03-14", "09:00"); nowMs += 5 * TIME.MINUTE_MS) {
      const verdict = silenceVerdict({ model: busy, profile, lastSaleMs, liveSinceMs: 0, nowMs });
      expect(verdict.silent, new Date(nowMs).toISOString()).toBe(false);
    }
  });

  it("resumes counting when the store opens", () => {
    const lastSaleMs = at("2024-03-12", "19:59");
    const minutes = minutesToSilence(busy, lastSaleMs, 14 * 60)!;
    const opensAfter = (at("2024-03-13", "09:00") - lastSaleMs) / TIME.MINUTE_MS;
    expect(minutes).toBeGreaterThan(opensAfter);
    expect(minutes).toBeLessThanOrEqual(opensAfter + 15);
  });

  it("is never silent without a model", () => {
    const lastSaleMs = at("2024-03-12", "12:00");
    const nowMs = lastSaleMs + 5 * TIME.HOUR_MS;
    const verdict = silenceVerdict({ model: null, profile: profileWith(), lastSaleMs, liveSinceMs: 0, nowMs });
    expect(verdict.silent).toBe(false);
    expect(verdict.pValue).toBeNull();
  });

  it("looks back from live start, capped at a day", () => {
    const liveSinceMs = at("2024-03-10", "12:00");
    const nowMs = at("2024-03-12", "12:00");
    const verdict = silenceVerdict({ model: busy, profile: profileWith(), lastSaleMs: null, liveSinceMs, nowMs });
    expect(verdict.fromMs).toBe(nowMs - SILENCE_LOOKBACK_MS);
    expect(verdict.silent).toBe(true);
  });
});

describe("checkIntervalMs", () => {
  it("checks a busy store every minute", () => {
    const nowMs = at("2024-03-12", "12:00");
    expect(checkIntervalMs({ model: busy, profile: profileWith(), nowMs })).toBe(MIN_CHECK_INTERVAL_MS);
  });

  it("checks a quiet store every 15 minutes", () => {
    const nowMs = at("2024-03-12", "12:00");
    expect(checkIntervalMs({ model: quiet, profile: profileWith(), nowMs })).toBe(MAX_CHECK_INTERVAL_MS);
  });

  it("spaces checks to one expected sale", () => {
    const nowMs = at("2024-03-12", "12:00");
    const interval = checkIntervalMs({ model: modelOf(12), profile: profileWith(), nowMs });
    expect(interval).toBeGreaterThan(3 * TIME.MINUTE_MS);
    expect(interval).toBeLessThan(7 * TIME.MINUTE_MS);
  });

  it("checks a closed store every 15 minutes", () => {
    const nowMs = at("2024-03-12", "22:00");
    expect(checkIntervalMs({ model: busy, profile: profileWith(), nowMs })).toBe(MAX_CHECK_INTERVAL_MS);
  });
});
