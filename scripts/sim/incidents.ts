import { hourTruth, type StoreSpec } from "../../src/simulation";
import { hourBucketStart } from "../../src/time/zone";
import { NO_EFFECT, type LiveEffect } from "./activity";
import { toLocation } from "./locations";

const MINUTE = 60_000;

/** One incident the simulator injects into the live stream. */
export interface InjectedIncident {
  kind: "silent_feed" | "card_collapse" | "sales_dip" | "error_spike";
  storeId: string;
  /** The store's registered name, which Slack-format messages show. */
  storeName: string;
  startMs: number;
  endMs: number;
  /** The receiver that should hear about it. */
  expectedReceiver: "it" | "regional-ops";
  effect: Partial<LiveEffect>;
}

const PLAN: { kind: InjectedIncident["kind"]; minutes: number; receiver: InjectedIncident["expectedReceiver"]; effect: Partial<LiveEffect> }[] = [
  { kind: "silent_feed", minutes: 25, receiver: "it", effect: { delivered: false } },
  { kind: "card_collapse", minutes: 25, receiver: "it", effect: { cardDown: true } },
  { kind: "sales_dip", minutes: 40, receiver: "regional-ops", effect: { rateFactor: 0.15 } },
  { kind: "error_spike", minutes: 4, receiver: "it", effect: { errorsPerMinute: 15 } },
];

/**
 * Picks the busiest stores open now and plans one incident at each, so
 * every kind is detectable within minutes of the stream starting.
 */
export function planIncidents(fleet: StoreSpec[], nowMs: number): InjectedIncident[] {
  const ranked = fleet
    .map((spec) => ({ spec, rate: rateNow(spec, nowMs) }))
    .filter((entry) => entry.rate > 0)
    .sort((a, b) => b.rate - a.rate);
  return PLAN.slice(0, ranked.length).map((plan, i) => ({
    kind: plan.kind,
    storeId: ranked[i].spec.id,
    storeName: toLocation(ranked[i].spec).name,
    startMs: nowMs,
    endMs: nowMs + plan.minutes * MINUTE,
    expectedReceiver: plan.receiver,
    effect: plan.effect,
  }));
}

function rateNow(spec: StoreSpec, nowMs: number): number {
  const start = hourBucketStart(spec.timeZone, nowMs);
  const truth = hourTruth(spec, start);
  // Stay clear of stores about to close: the incident must fall in open hours.
  const later = hourTruth(spec, start + 60 * MINUTE);
  return truth.open && later.open ? truth.rate : 0;
}

/** Returns the effect of the incidents on one store at `atMs`. */
export function effectAt(incidents: InjectedIncident[], storeId: string, atMs: number): LiveEffect {
  const active = incidents.find((i) => i.storeId === storeId && atMs >= i.startMs && atMs < i.endMs);
  return active ? { ...NO_EFFECT, ...active.effect } : NO_EFFECT;
}
