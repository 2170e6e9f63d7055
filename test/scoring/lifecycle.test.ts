import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { DAY, HOUR, hourOfSales, replayHour, trainedStore } from "./helpers";

/** Start of a weekday (Tuesday) at least ten days before now, 00:00 UTC. */
function pastTuesday(): number {
  let day = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
  while (new Date(day).getUTCDay() !== 2) day -= DAY;
  return day;
}

describe("scoring and anomaly lifecycle", () => {
  it("normal day raises no anomaly and stores scores", async () => {
    const start = pastTuesday();
    await trainedStore("sc-normal", start);
    let alerts = 0;
    for (let h = 0; h < 24; h++) {
      const t = start + h * HOUR;
      alerts += (await replayHour("sc-normal", t, hourOfSales("sc-normal", t, 1))).alerts;
    }
    expect(alerts).toBe(0);
    const state = await api("/v1/locations/sc-normal/state");
    expect(state.body.openAnomalies).toEqual([]);

    const series = await api(
      `/v1/locations/sc-normal/series?metric=transactions&from=${new Date(start).toISOString()}&to=${new Date(start + DAY).toISOString()}`,
    );
    const noon = series.body.points.find((p: any) => p.startUtc.endsWith("T12:00:00.000Z"));
    expect(noon.expected).toBeGreaterThan(20);
    expect(noon.lower).toBeLessThan(noon.expected);
    expect(noon.upper).toBeGreaterThan(noon.expected);
    expect(noon.lower).toBeGreaterThanOrEqual(0);
    expect(noon.score).toBeGreaterThanOrEqual(0);
  });

  it("severe dip opens one sales alert and resolves after recovery", async () => {
    const start = pastTuesday();
    await trainedStore("sc-dip", start);
    const anomalyIds = new Set<string>();
    let openedAt = -1;
    for (let h = 0; h < 24; h++) {
      const t = start + h * HOUR;
      // A 70% dip: deep, yet sales keep coming, so it is not a silent feed.
      const factor = h >= 11 && h < 15 ? 0.3 : 1;
      await replayHour("sc-dip", t, hourOfSales("sc-dip", t, factor));
      const open = (await api("/v1/locations/sc-dip/state")).body.openAnomalies;
      for (const alert of open) anomalyIds.add(alert.anomalyId);
      if (open.length > 0 && openedAt < 0) openedAt = h;
      if (h === 14) {
        expect(open).toHaveLength(1);
        expect(open[0]).toMatchObject({ type: "sales_dip", category: "sales", status: "firing" });
        expect(open[0].actual).toBeLessThan(open[0].expected);
        expect(open[0].impact.amountMinor).toBeGreaterThan(0);
        expect(open[0].summary).toMatch(/below normal/);
        expect(open[0].link).toContain("/locations/sc-dip");
      }
    }
    expect(openedAt).toBeGreaterThanOrEqual(11);
    expect(openedAt).toBeLessThanOrEqual(13);
    expect(anomalyIds.size).toBe(1);
    const state = await api("/v1/locations/sc-dip/state");
    expect(state.body.openAnomalies).toEqual([]);
  });

  it("severe shortfall is caught before the hour closes", async () => {
    const start = pastTuesday();
    await trainedStore("sc-early", start, 60, 200);
    for (let h = 0; h < 11; h++) {
      const t = start + h * HOUR;
      await replayHour("sc-early", t, hourOfSales("sc-early", t, 1, 200));
    }
    const hour = start + 11 * HOUR;
    const trickle = hourOfSales("sc-early", hour, 0.1, 200).filter((e) => Date.parse(e.timestamp) < hour + 20 * 60_000);
    const stored = await api("/v1/locations/sc-early/history", { body: { events: trickle } });
    expect(stored.status).toBe(200);
    await api("/v1/locations/sc-early/clock", { body: { watermark: new Date(hour + 20 * 60_000).toISOString() } });
    const open = (await api("/v1/locations/sc-early/state")).body.openAnomalies;
    expect(open.map((a: any) => a.type)).toEqual(["sales_dip"]);
    expect(open[0].summary).toMatch(/so far this hour/);
  });

  it("closed hours at night never raise an anomaly", async () => {
    const start = pastTuesday();
    await trainedStore("sc-night", start);
    let alerts = 0;
    for (let h = 0; h < 8; h++) {
      alerts += (await replayHour("sc-night", start + h * HOUR, [])).alerts;
    }
    expect(alerts).toBe(0);
  });
});
