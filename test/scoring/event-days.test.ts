import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { currentHour, hourlyHistory } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { backfillHourly, deliverTraining } from "../trainer/helpers";
import { DAY, HOUR, hourOfSales, replayHour } from "./helpers";

const HISTORY_DAYS = 63;
/**
 * Every sixth day of history is a promotion day trading at 1.8x. The period
 * is six, not seven, so promotions fall on every weekday and are not
 * learned as one.
 */
const isPromoDay = (day: number) => day % 6 === 2;

/** Registers and trains a store whose history shows what a promotion does. */
async function promoStore(id: string, endMs: number, eventDays: unknown[]) {
  await register(location(id, { timezone: "UTC", currency: "GBP", country: "GB", eventDays }));
  const startMs = endMs - HISTORY_DAYS * DAY;
  const rows = hourlyHistory(endMs, HISTORY_DAYS, {
    level: 25,
    seed: 41,
    factorOf: (day) => (isPromoDay(day) ? 1.8 : 1),
  }).map((row) => {
    const day = Math.floor((Date.parse(row.start) - startMs) / DAY);
    return { ...row, events: { promo: isPromoDay(day) ? 1 : 0 } };
  });
  await backfillHourly(id, rows);
  const runId = `run-${id}`;
  await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')").bind(runId).run();
  await deliverTraining([{ kind: "train", runId, locationId: id, force: true }]);
  await api(`/v1/locations/${id}/clock`, { body: { watermark: new Date(endMs).toISOString() } });
}

async function replayPromoDay(id: string, dayMs: number) {
  for (let h = 0; h < 24; h++) {
    const t = dayMs + h * HOUR;
    await replayHour(id, t, hourOfSales(id, t, 1.8, 25));
  }
  return (await api(`/v1/locations/${id}/state`)).body.openAnomalies as { type: string }[];
}

describe("declared event days", () => {
  // Ten days back, on a weekday, so the replay stays inside the late window.
  const dayMs = Math.floor(currentHour() / DAY) * DAY - 10 * DAY;
  const date = new Date(dayMs).toISOString().slice(0, 10);

  it("declared promotion day is not a spike", async () => {
    await promoStore("ed-declared", dayMs, [{ date, events: { promo: 1 } }]);
    expect((await replayPromoDay("ed-declared", dayMs)).map((a) => a.type)).not.toContain("sales_spike");
  });

  it("undeclared promotion day is a spike", async () => {
    await promoStore("ed-undeclared", dayMs, []);
    expect((await replayPromoDay("ed-undeclared", dayMs)).map((a) => a.type)).toContain("sales_spike");
  });
});
