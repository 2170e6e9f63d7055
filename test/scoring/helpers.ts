import { env } from "cloudflare:workers";
import { hourlyHistory, hourlyRate, poisson, random } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { backfillHourly, deliverTraining } from "../trainer/helpers";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Registers a UTC store with `days` of hourly history ending at `endMs`,
 * trains it, and switches it to event time at `endMs`.
 */
export async function trainedStore(id: string, endMs: number, days = 60, level = 20) {
  await register(location(id, { timezone: "UTC", currency: "GBP", country: "GB" }));
  await backfillHourly(id, hourlyHistory(endMs, days, { level, seed: id.length * 7 }));
  const runId = `run-${id}`;
  await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')").bind(runId).run();
  await deliverTraining([{ kind: "train", runId, locationId: id, force: true }]);
  const clock = await api(`/v1/locations/${id}/clock`, { body: { watermark: new Date(endMs).toISOString() } });
  if (clock.status !== 200) throw new Error(JSON.stringify(clock.body));
}

let sequence = 0;

/** Sale events for one hour drawn around the store's normal rate times `factor`. */
export function hourOfSales(id: string, startMs: number, factor: number, level = 20, seed = 1) {
  const next = random(seed + Math.floor(startMs / HOUR));
  const count = poisson(hourlyRate(startMs, level) * factor, next);
  return Array.from({ length: count }, (_, i) => ({
    id: `${id}-s-${++sequence}`,
    locationId: id,
    type: "sale",
    timestamp: new Date(startMs + ((i + 0.5) * HOUR) / Math.max(count, 1)).toISOString(),
    amount: "12.50",
    currency: "GBP",
    tender: i % 10 < 7 ? "card" : "cash",
  }));
}

/** Posts one hour of events as history and advances the clock past it. */
export async function replayHour(id: string, startMs: number, events: unknown[]) {
  if (events.length > 0) {
    const stored = await api(`/v1/locations/${id}/history`, { body: { events } });
    if (stored.status !== 200) throw new Error(JSON.stringify(stored.body));
  }
  const clock = await api(`/v1/locations/${id}/clock`, { body: { watermark: new Date(startMs + HOUR).toISOString() } });
  if (clock.status !== 200) throw new Error(JSON.stringify(clock.body));
  return clock.body as { closed: number; alerts: number };
}
