import { env } from "cloudflare:workers";
import { random } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { deliverTraining } from "../trainer/helpers";

const DAY_MS = 86_400_000;

/** Returns the ISO date `days` after `date`. */
export function dateAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** Normal sales of a store on `date`: closed on Sundays, busier Saturdays. */
export function normalDay(date: string, next: () => number) {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0) {
    return { date, transactions: 0, sales: "0.00", open: false, events: { promo: 0 } };
  }
  const level = weekday === 6 ? 9_000 : 7_000;
  const sales = Math.round(level * (0.95 + 0.1 * next()));
  const transactions = Math.round(sales / 9);
  return {
    date,
    transactions,
    sales: sales.toFixed(2),
    open: true,
    events: { promo: 0 },
  };
}

/** Daily rows of `days` normal days from `firstDate`. */
export function dailyHistory(firstDate: string, days: number, seed: number) {
  const next = random(seed);
  return Array.from({ length: days }, (_, i) =>
    normalDay(dateAfter(firstDate, i), next),
  );
}

/**
 * Registers a Berlin store, backfills `days` of daily history ending the
 * day before `replayFrom`, moves its clock there and trains it, so it has
 * live daily models and is on event time.
 */
export async function trainedDailyStore(id: string, replayFrom: string, days = 180) {
  await register(
    location(id, { timezone: "Europe/Berlin", country: "DE", currency: "EUR", region: "emea" }),
  );
  const rows = dailyHistory(dateAfter(replayFrom, -days), days, id.length * 13);
  const stored = await api(`/v1/locations/${id}/history`, { body: { grain: "day", rows } });
  if (stored.status !== 200) throw new Error(JSON.stringify(stored.body));
  // Training reads history up to the clock, so the clock moves first.
  const watermark = new Date(`${replayFrom}T00:00:00+01:00`).toISOString();
  const clock = await api(`/v1/locations/${id}/clock`, { body: { watermark } });
  if (clock.status !== 200) throw new Error(JSON.stringify(clock.body));
  const runId = `run-${id}`;
  await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')")
    .bind(runId)
    .run();
  await deliverTraining([{ kind: "train", runId, locationId: id, force: true }]);
}
