import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { DAY, HOUR, hourOfSales, replayHour, trainedStore } from "../scoring/helpers";

const MINUTE = 60_000;

function pastTuesday(): number {
  let day = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
  while (new Date(day).getUTCDay() !== 2) day -= DAY;
  return day;
}

async function clock(id: string, atMs: number) {
  const result = await api(`/v1/locations/${id}/clock`, { body: { watermark: new Date(atMs).toISOString() } });
  expect(result.status).toBe(200);
}

async function openAlerts(id: string) {
  return (await api(`/v1/locations/${id}/state`)).body.openAnomalies as any[];
}

async function post(id: string, events: unknown[]) {
  if (events.length === 0) return;
  const result = await api(`/v1/locations/${id}/history`, { body: { events } });
  expect(result.status).toBe(200);
}

/** Replays normal trading from `fromMs` to `toMs` (whole hours). */
async function tradeNormally(id: string, fromMs: number, toMs: number, level: number) {
  for (let t = fromMs; t < toMs; t += HOUR) {
    await replayHour(id, t, hourOfSales(id, t, 1, level));
  }
}

describe("silent feed", () => {
  it("busy store is called silent within 15 minutes", async () => {
    const day = pastTuesday();
    await trainedStore("if-busy", day, 60, 80);
    await tradeNormally("if-busy", day, day + 12 * HOUR, 80);

    let detectedAfter = -1;
    for (let minute = 1; minute <= 20 && detectedAfter < 0; minute++) {
      await clock("if-busy", day + 12 * HOUR + minute * MINUTE);
      const alerts = await openAlerts("if-busy");
      if (alerts.some((a) => a.type === "feed_silent")) detectedAfter = minute;
    }
    console.warn(`busy store silent after ${detectedAfter} minutes`);
    expect(detectedAfter).toBeGreaterThan(0);
    expect(detectedAfter).toBeLessThanOrEqual(15);
    const [alert] = (await openAlerts("if-busy")).filter((a) => a.type === "feed_silent");
    expect(alert.category).toBe("integration");
    expect(alert.summary).toMatch(/^0 sales in \d+ minutes, about \d+ expected, chance under 1 in /);
    expect(alert.context.lastSaleAt).toBeTruthy();
  });

  it("no silent-feed alert over closed hours", async () => {
    const day = pastTuesday();
    await trainedStore("if-night", day, 60, 80);
    await tradeNormally("if-night", day + 8 * HOUR, day + 20 * HOUR, 80);
    for (let t = day + 20 * HOUR; t <= day + 31 * HOUR; t += 30 * MINUTE) await clock("if-night", t);
    expect(await openAlerts("if-night")).toEqual([]);
  });

  it("no alert on a declared closure day", async () => {
    const day = pastTuesday();
    await trainedStore("if-closed", day, 60, 80);
    await tradeNormally("if-closed", day, day + 20 * HOUR, 80);
    const closedDate = new Date(day + DAY).toISOString().slice(0, 10);
    const location = (await api("/v1/locations/if-closed")).body;
    const update = await api("/v1/locations", {
      body: [{ ...location, exceptions: [{ date: closedDate, closed: true, note: "stocktake" }] }],
    });
    expect(update.status).toBe(200);
    for (let t = day + 20 * HOUR; t <= day + 2 * DAY; t += HOUR) await clock("if-closed", t);
    expect(await openAlerts("if-closed")).toEqual([]);
  });

  it("quiet store takes longer but is still called", async () => {
    const day = pastTuesday();
    await trainedStore("if-quiet", day, 60, 3);
    await tradeNormally("if-quiet", day, day + 9 * HOUR, 3);
    let detectedAt = -1;
    for (let t = day + 9 * HOUR; t <= day + 20 * HOUR && detectedAt < 0; t += 15 * MINUTE) {
      await clock("if-quiet", t);
      if ((await openAlerts("if-quiet")).some((a) => a.type === "feed_silent")) detectedAt = t;
    }
    expect(detectedAt).toBeGreaterThan(day + 10 * HOUR);
    // The silence outlasts the look-back window overnight; the alert holds.
    for (let t = day + 20 * HOUR; t <= day + 34 * HOUR; t += 2 * HOUR) await clock("if-quiet", t);
    expect((await openAlerts("if-quiet")).map((a) => a.type)).toContain("feed_silent");
    expect((await openAlerts("if-quiet")).filter((a) => a.type === "sales_dip")).toEqual([]);
  });

  it("late flush resolves the silence and leaves no dip", async () => {
    const id = "if-flush";
    const day = pastTuesday();
    await trainedStore(id, day, 60, 40);
    await tradeNormally(id, day, day + 10 * HOUR, 40);
    const buffered = [];
    for (let t = day + 10 * HOUR; t < day + 13 * HOUR; t += HOUR) {
      buffered.push(...hourOfSales(id, t, 1, 40));
      await clock(id, t + HOUR);
    }
    expect((await openAlerts(id)).map((a) => a.type)).toContain("feed_silent");
    expect((await openAlerts(id)).map((a) => a.type)).not.toContain("sales_dip");

    await post(id, buffered);
    await clock(id, day + 13 * HOUR + MINUTE);
    await tradeNormally(id, day + 13 * HOUR, day + 16 * HOUR, 40);
    expect(await openAlerts(id)).toEqual([]);
    const series = await api(
      `/v1/locations/${id}/series?metric=transactions&from=${new Date(day + 10 * HOUR).toISOString()}&to=${new Date(day + 13 * HOUR).toISOString()}`,
    );
    for (const point of series.body.points) {
      expect(point.value).toBeGreaterThan(0);
      expect(point.score).toBeLessThan(0.5);
    }
  });
});

describe("partial feeds", () => {
  it("card collapse with cash steady is a tender alert", async () => {
    const id = "if-card";
    const day = pastTuesday();
    await trainedStore(id, day, 60, 60);
    await tradeNormally(id, day, day + 11 * HOUR, 60);
    const cashOnly = hourOfSales(id, day + 11 * HOUR, 1, 60).map((e) => ({ ...e, tender: "cash" }));
    await replayHour(id, day + 11 * HOUR, cashOnly);
    const alerts = await openAlerts(id);
    const tender = alerts.find((a) => a.type === "tender_collapse");
    expect(tender).toBeDefined();
    expect(tender.context.tender).toBe("card");
    expect(tender.summary).toMatch(/^0 card sales in the last \d+ sales/);
    expect(alerts.filter((a) => a.type === "sales_dip")).toEqual([]);
  });

  it("heartbeat loss is noticed", async () => {
    const id = "if-beat";
    const day = pastTuesday();
    await trainedStore(id, day, 60, 20);
    const beats = (from: number, to: number) =>
      Array.from({ length: Math.floor((to - from) / (5 * MINUTE)) }, (_, i) => ({
        id: `${id}-hb-${from + i * 5 * MINUTE}`,
        locationId: id,
        type: "heartbeat",
        timestamp: new Date(from + i * 5 * MINUTE).toISOString(),
      }));
    for (let t = day; t < day + 14 * HOUR; t += HOUR) {
      await replayHour(id, t, [...hourOfSales(id, t, 1, 20), ...beats(t, t + HOUR)]);
    }
    expect((await openAlerts(id)).map((a) => a.type)).not.toContain("heartbeat_lost");
    await replayHour(id, day + 14 * HOUR, hourOfSales(id, day + 14 * HOUR, 1, 20));
    const lost = (await openAlerts(id)).find((a) => a.type === "heartbeat_lost");
    expect(lost).toBeDefined();
    expect(lost.summary).toMatch(/normally sends one every 5 minutes/);
  });

  it("error spike is noticed with its codes", async () => {
    const id = "if-errors";
    const day = pastTuesday();
    await trainedStore(id, day, 60, 20);
    await tradeNormally(id, day, day + 10 * HOUR, 20);
    const errors = Array.from({ length: 30 }, (_, i) => ({
      id: `${id}-err-${i}`,
      locationId: id,
      type: "error",
      timestamp: new Date(day + 10 * HOUR + i * MINUTE).toISOString(),
      code: i % 3 === 0 ? "PAYMENT_TIMEOUT" : "SYNC_FAILED",
    }));
    await replayHour(id, day + 10 * HOUR, [...hourOfSales(id, day + 10 * HOUR, 1, 20), ...errors]);
    const spike = (await openAlerts(id)).find((a) => a.type === "error_spike");
    expect(spike).toBeDefined();
    expect(spike.context.errorCodes).toMatchObject({ SYNC_FAILED: 20, PAYMENT_TIMEOUT: 10 });
  });
});
