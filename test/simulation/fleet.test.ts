import { describe, expect, it } from "vitest";
import { createFleet, generateSeries, hourTruth, DETECTABLE_P } from "../../src/simulation";
import { dayStart, localParts, TIME } from "../../src/time/zone";

const options = { seed: 5, stores: 12, startDate: "2024-01-01", days: 120 };

describe("synthetic fleet", () => {
  it("is the same for the same seed", () => {
    expect(createFleet(options)).toEqual(createFleet(options));
  });

  it("covers every archetype", () => {
    const names = new Set(createFleet(options).map((s) => s.archetype));
    expect(names.size).toBe(6);
  });

  it("keeps closed hours at zero and open hours positive", () => {
    const spec = createFleet(options).find((s) => s.archetype === "supermarket")!;
    const t = dayStart(spec.timeZone, "2024-02-06");
    const night = hourTruth(spec, t + 3 * TIME.HOUR_MS);
    const evening = hourTruth(spec, t + 18 * TIME.HOUR_MS);
    expect(night.open).toBe(false);
    expect(night.expected).toBe(0);
    expect(evening.open).toBe(true);
    expect(evening.expected).toBeGreaterThan(10);
  });

  it("closes on a public holiday where the archetype does", () => {
    const spec = createFleet(options).find((s) => s.archetype === "supermarket")!;
    const christmas = dayStart(spec.timeZone, "2024-12-25") + 12 * TIME.HOUR_MS;
    expect(hourTruth(spec, christmas).open).toBe(false);
  });

  it("labels incidents with their detectability", () => {
    const fleet = createFleet(options);
    const series = fleet.slice(0, 6).map((spec) => {
      const from = dayStart(spec.timeZone, options.startDate);
      return generateSeries(spec, from, from + options.days * TIME.DAY_MS);
    });
    const incidents = series.flatMap((s) => s.incidents);
    expect(incidents.length).toBeGreaterThan(10);
    for (const incident of incidents) {
      expect(incident.detectable).toBe(incident.pValue <= DETECTABLE_P);
    }
    // Hours of silence at a busy store are always detectable.
    const busyOutages = series
      .filter((s) => s.spec.archetype !== "rural")
      .flatMap((s) => s.incidents)
      .filter((i) => i.kind === "feed_outage" && i.openHours >= 3);
    for (const outage of busyOutages) expect(outage.detectable).toBe(true);
  });

  it("records each row's true expected value in local time", () => {
    const spec = createFleet(options).find((s) => s.archetype === "office_cafe")!;
    const from = dayStart(spec.timeZone, "2024-03-04");
    const series = generateSeries(spec, from, from + TIME.DAY_MS);
    const open = series.rows.filter((r) => r.expected > 0);
    const hours = open.map((r) => localParts(spec.timeZone, r.startMs).hour);
    expect(Math.min(...hours)).toBe(7);
    expect(Math.max(...hours)).toBe(17);
  });
});
