import { hourTruth, Random, type StoreSpec } from "../../src/simulation";
import { currencyOf } from "./locations";

/** Share of sales paid by card when no incident changes it. */
const CARD_SHARE = 0.7;
const CASH_SHARE = 0.25;
/** Interval between the heartbeats of an open store's POS. */
const HEARTBEAT_INTERVAL_MS = 60_000;

/** Effect of an injected incident on a store's live events. */
export interface LiveEffect {
  /** Multiplier on the sales rate. */
  rateFactor: number;
  /** When false, nothing the store does reaches the product. */
  delivered: boolean;
  /** When true, card payments fail and only cash sales go through. */
  cardDown: boolean;
  /** Integration errors per minute on top of the usual rate. */
  errorsPerMinute: number;
}

export const NO_EFFECT: LiveEffect = { rateFactor: 1, delivered: true, cardDown: false, errorsPerMinute: 0 };

function tender(random: Random, cardDown: boolean): "card" | "cash" | "other" {
  if (cardDown) return "cash";
  const u = random.next();
  if (u < CARD_SHARE) return "card";
  if (u < CARD_SHARE + CASH_SHARE) return "cash";
  return "other";
}

function amount(spec: StoreSpec, random: Random): string {
  const exponent = currencyOf(spec) === "JPY" ? 0 : 2;
  const minor = Math.max(1, Math.round(spec.ticket * Math.exp(0.5 * random.normal() - 0.125)));
  if (exponent === 0) return String(Math.max(1, Math.round(minor / 100)));
  return (minor / 100).toFixed(2);
}

/** Counts of one hour of history, drawn from the store's true rate. */
export function historyHour(spec: StoreSpec, startMs: number, random: Random) {
  const truth = hourTruth(spec, startMs);
  const transactions = truth.open && truth.delivered ? random.poisson(truth.rate) : 0;
  let card = 0;
  let cash = 0;
  let sales = 0;
  for (let i = 0; i < transactions; i++) {
    const paid = tender(random, false);
    if (paid === "card") card += 1;
    else if (paid === "cash") cash += 1;
    sales += Number(amount(spec, random));
  }
  return {
    start: new Date(startMs).toISOString(),
    transactions,
    card_transactions: card,
    cash_transactions: cash,
    other_transactions: transactions - card - cash,
    sales: currencyOf(spec) === "JPY" ? String(Math.round(sales)) : sales.toFixed(2),
    heartbeats: truth.open ? 60 : 0,
    open: truth.open,
  };
}

let sequence = 0;

/**
 * Returns the times in [fromMs, toMs) at which the store's POS sends its
 * heartbeat: once a minute, at an offset into the minute fixed per store.
 * The times depend only on the clock, so ticks shorter than a minute still
 * add up to one heartbeat a minute, which the backfilled history (60 per
 * open hour) and the product's heartbeat-loss check expect.
 */
export function heartbeatTimes(spec: StoreSpec, fromMs: number, toMs: number): number[] {
  const offsetMs = spec.seed % HEARTBEAT_INTERVAL_MS;
  const first = Math.ceil((fromMs - offsetMs) / HEARTBEAT_INTERVAL_MS) * HEARTBEAT_INTERVAL_MS + offsetMs;
  const times: number[] = [];
  for (let t = first; t < toMs; t += HEARTBEAT_INTERVAL_MS) times.push(t);
  return times;
}

/**
 * Draws the events one store produces in [fromMs, toMs): sales at its true
 * rate (changed by an injected incident), one heartbeat a minute while it
 * is open, and now and then an integration error.
 */
export function liveEvents(
  spec: StoreSpec,
  fromMs: number,
  toMs: number,
  random: Random,
  effect: LiveEffect,
) {
  if (!effect.delivered) return [];
  const truth = hourTruth(spec, fromMs);
  const minutes = (toMs - fromMs) / 60_000;
  const events: Record<string, unknown>[] = [];
  const at = () => new Date(fromMs + random.next() * (toMs - fromMs)).toISOString();
  const id = (kind: string) => `${spec.id}-${kind}-${fromMs}-${++sequence}`;

  const sales = truth.open ? random.poisson((truth.rate * effect.rateFactor * minutes) / 60) : 0;
  for (let i = 0; i < sales; i++) {
    events.push({
      id: id("s"),
      locationId: spec.id,
      type: "sale",
      timestamp: at(),
      amount: amount(spec, random),
      currency: currencyOf(spec),
      tender: tender(random, effect.cardDown),
    });
  }
  const beats = truth.open ? heartbeatTimes(spec, fromMs, toMs) : [];
  for (const beatMs of beats) {
    events.push({ id: id("h"), locationId: spec.id, type: "heartbeat", timestamp: new Date(beatMs).toISOString() });
  }
  const errors = random.poisson(((truth.open ? 0.05 / 60 : 0) + effect.errorsPerMinute) * minutes);
  for (let i = 0; i < errors; i++) {
    events.push({ id: id("e"), locationId: spec.id, type: "error", timestamp: at(), code: "PAYMENT_GATEWAY_TIMEOUT" });
  }
  return events;
}
