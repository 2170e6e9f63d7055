import { localParts } from "../../src/time/zone";
import { ApiClient } from "./api-client";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const HISTORY_ROWS_PER_REQUEST = 5_000;
const TRAINING_TIMEOUT_MS = 120_000;
const ALERTS_TIMEOUT_MS = 60_000;
const POLL_MS = 500;

/** Days of hourly history backfilled before the replay: enough to train. */
const HISTORY_DAYS = 56;
/** Days replayed through the clock, so the chart has scored buckets. */
const REPLAY_DAYS = 7;
/** Local hour at which the incident of each seeded store starts. */
const INCIDENT_HOUR = 11;
/** Hours replayed on the last day, so the incident is still open. */
const LAST_DAY_HOURS = 15;

const OPEN_DAILY: [string, string][] = [["08:00", "20:00"]];
const HOURS = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, OPEN_DAILY]),
);

/** A seeded store: how its sales behave during the incident. */
interface SeededStore {
  id: string;
  name: string;
  region: string;
  /** Sales during the incident as a share of normal; 0 is a dead feed. */
  incidentFactor: number;
}

/** The stores the page renders show, and the one left healthy. */
export const SEEDED_STORES: SeededStore[] = [
  { id: "harbour-st", name: "Harbour Street", region: "uk-south", incidentFactor: 0.25 },
  { id: "mill-lane", name: "Mill Lane", region: "uk-north", incidentFactor: 0 },
];
export const HEALTHY_STORE = { id: "quay-side", name: "Quayside", region: "uk-south" };
const TIME_ZONE = "Europe/London";

/** Returns a small deterministic PRNG (mulberry32), so runs seed alike. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function poisson(mean: number, next: () => number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = next(); product > limit; product *= next()) count += 1;
  return count;
}

/** Expected sales of an hour: open 08:00 to 20:00 local, lunch peak. */
function hourlyRate(startMs: number): number {
  const local = localParts(TIME_ZONE, startMs);
  if (local.hour < 8 || local.hour >= 20) return 0;
  const lunch = local.hour >= 12 && local.hour < 14 ? 1.6 : 1;
  const weekend = local.weekday >= 5 ? 1.3 : 1;
  return 18 * lunch * weekend;
}

function historyRows(fromMs: number, toMs: number, next: () => number) {
  const rows = [];
  for (let t = fromMs; t < toMs; t += HOUR_MS) {
    const transactions = poisson(hourlyRate(t), next);
    const card = Math.round(transactions * 0.7);
    rows.push({
      start: new Date(t).toISOString(),
      transactions,
      card_transactions: card,
      cash_transactions: transactions - card,
      sales: (transactions * 12.5).toFixed(2),
    });
  }
  return rows;
}

function hourOfSales(store: SeededStore, startMs: number, factor: number, next: () => number) {
  const count = poisson(hourlyRate(startMs) * factor, next);
  return Array.from({ length: count }, (_, i) => ({
    id: `${store.id}-${startMs}-${i}`,
    locationId: store.id,
    type: "sale" as const,
    timestamp: new Date(startMs + ((i + 0.5) * HOUR_MS) / count).toISOString(),
    amount: "12.50",
    currency: "GBP",
    tender: next() < 0.7 ? ("card" as const) : ("cash" as const),
  }));
}

async function waitForTraining(api: ApiClient, runId: string): Promise<void> {
  type Summary = { locations: { queued: number; running: number; promoted: number } };
  const deadline = Date.now() + TRAINING_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const summary = await api.request<Summary>("GET", `/v1/training/runs/${runId}`);
    const { queued, running, promoted } = summary.locations;
    if (queued === 0 && running === 0) {
      if (promoted < SEEDED_STORES.length) {
        throw new Error(`training run ${runId} promoted ${promoted} of ${SEEDED_STORES.length} stores: ${JSON.stringify(summary)}`);
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`training run ${runId} did not finish within ${TRAINING_TIMEOUT_MS} ms`);
}

/**
 * Waits until every seeded store has a firing alert in the registry. The
 * location objects hand their alerts to a queue, and the consumer writes
 * them to D1 in batches, so the overview can lag the replay by seconds.
 */
async function waitForAlerts(api: ApiClient): Promise<void> {
  type Alerts = { alerts: { locationId: string }[] };
  const deadline = Date.now() + ALERTS_TIMEOUT_MS;
  let alerting = new Set<string>();
  while (Date.now() < deadline) {
    const { alerts } = await api.request<Alerts>("GET", "/v1/alerts?status=firing");
    alerting = new Set(alerts.map((a) => a.locationId));
    if (SEEDED_STORES.every((s) => alerting.has(s.id))) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(
    `firing alerts reached ${[...alerting].join(", ") || "no store"} of ` +
      `${SEEDED_STORES.map((s) => s.id).join(", ")} within ${ALERTS_TIMEOUT_MS} ms`,
  );
}

async function replay(api: ApiClient, store: SeededStore, startMs: number) {
  const next = random(store.id.length * 31);
  const hours = (REPLAY_DAYS - 1) * 24 + LAST_DAY_HOURS;
  const incidentMs = startMs + (REPLAY_DAYS - 1) * DAY_MS + INCIDENT_HOUR * HOUR_MS;
  for (let h = 0; h < hours; h++) {
    const t = startMs + h * HOUR_MS;
    const factor = t >= incidentMs ? store.incidentFactor : 1;
    const events = hourOfSales(store, t, factor, next);
    const path = `/v1/locations/${store.id}`;
    if (events.length > 0) await api.request("POST", `${path}/history`, { events });
    const watermark = new Date(t + HOUR_MS).toISOString();
    await api.request("POST", `${path}/clock`, { watermark });
  }
}

/**
 * Seeds the stores of the page renders through the HTTP API. It registers
 * them, backfills hourly history, trains, then replays a week of sales in
 * event time. The replay ends inside an open incident: a sales dip at one
 * store, a silent feed at the other. Returns the replay's start.
 */
export async function seedPageStores(api: ApiClient, nowMs: number) {
  // The replay ends yesterday, so no event lies in the future.
  const yesterday = Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS;
  const startMs = yesterday - (REPLAY_DAYS - 1) * DAY_MS;
  const base = { timezone: TIME_ZONE, country: "GB", currency: "GBP", openingHours: HOURS };
  const stores = [...SEEDED_STORES, HEALTHY_STORE];
  await api.registerLocations(stores.map(({ id, name, region }) => ({ ...base, id, name, region })));

  for (const store of SEEDED_STORES) {
    const rows = historyRows(startMs - HISTORY_DAYS * DAY_MS, startMs, random(store.id.length));
    for (let i = 0; i < rows.length; i += HISTORY_ROWS_PER_REQUEST) {
      const chunk = rows.slice(i, i + HISTORY_ROWS_PER_REQUEST);
      await api.request("POST", `/v1/locations/${store.id}/history`, { grain: "hour", rows: chunk });
    }
  }
  const locationIds = SEEDED_STORES.map((s) => s.id);
  const run = await api.request<{ runId: string }>("POST", "/v1/training/runs", { locationIds });
  await waitForTraining(api, run.runId);
  await Promise.all(SEEDED_STORES.map((store) => replay(api, store, startMs)));
  await waitForAlerts(api);
  return startMs;
}
