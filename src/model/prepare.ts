/**
 * Turns training points into arrays the fit works on: each bucket's local
 * day and slot, and per-day totals, so later steps are plain loops.
 */
import type { Grain } from "../domain/metrics";
import { localPosition } from "./local-time";
import { TRAINING_WINDOW_DAYS } from "./schedule";
import type { ModelSettings, TrainingPoint } from "./types";

const DAY_MS = 86_400_000;

/** Buckets the fit may learn from: inside the window and not known closed. */
export interface PreparedHistory {
  grain: Grain;
  /** Local day number of day index 0. */
  firstDay: number;
  /** Number of days from firstDay through the last bucket's day. */
  dayCount: number;
  value: Float64Array;
  slot: Int32Array;
  /** Day index (local day minus firstDay) of each bucket. */
  dayIndex: Int32Array;
  /** Event flags of each bucket, by event name (only names that vary). */
  events: Map<string, Uint8Array>;
  /** Per day: total value of learnable buckets and their number. */
  dayTotal: Float64Array;
  dayBuckets: Int32Array;
  /** Per day: 1 when every bucket of the day was known closed. */
  dayKnownClosed: Uint8Array;
  /** Per day: 1 when any bucket of the day carried each event. */
  dayEvents: Map<string, Uint8Array>;
}

function collectEventNames(points: TrainingPoint[]): string[] {
  const seen = new Map<string, number>();
  for (const point of points) {
    if (!point.events) continue;
    for (const [name, flag] of Object.entries(point.events)) {
      seen.set(name, (seen.get(name) ?? 0) + (flag === 1 ? 1 : 0));
    }
  }
  // An event that never fires carries no information.
  return [...seen].filter(([, ones]) => ones > 0).map(([name]) => name);
}

/** Keeps the training window and splits it into per-bucket arrays. */
export function prepareHistory(
  points: TrainingPoint[],
  settings: ModelSettings,
): PreparedHistory {
  const grain = settings.grain;
  const sorted = [...points].sort((a, b) => a.startMs - b.startMs);
  const lastMs = sorted.length > 0 ? sorted[sorted.length - 1].startMs : 0;
  const fromMs = lastMs - TRAINING_WINDOW_DAYS[grain] * DAY_MS;
  const inWindow = sorted.filter((p) => p.startMs > fromMs);

  const positions = inWindow.map((p) =>
    localPosition(settings.timeZone, p.startMs, grain),
  );
  const firstDay = positions.length > 0 ? positions[0].day : 0;
  const lastDay = positions.length > 0 ? positions[positions.length - 1].day : -1;
  const dayCount = lastDay - firstDay + 1;
  const eventNames = collectEventNames(inWindow);

  const learnable = inWindow
    .map((point, i) => ({ point, position: positions[i] }))
    .filter(({ point }) => point.open !== false && Number.isFinite(point.value));
  const n = learnable.length;
  const history: PreparedHistory = {
    grain,
    firstDay,
    dayCount,
    value: new Float64Array(n),
    slot: new Int32Array(n),
    dayIndex: new Int32Array(n),
    events: new Map(eventNames.map((name) => [name, new Uint8Array(n)])),
    dayTotal: new Float64Array(Math.max(0, dayCount)),
    dayBuckets: new Int32Array(Math.max(0, dayCount)),
    dayKnownClosed: markKnownClosedDays(inWindow, positions, firstDay, dayCount),
    dayEvents: new Map(
      eventNames.map((name) => [name, new Uint8Array(Math.max(0, dayCount))]),
    ),
  };
  learnable.forEach(({ point, position }, i) => {
    const d = position.day - firstDay;
    history.value[i] = Math.max(0, point.value);
    history.slot[i] = position.slot;
    history.dayIndex[i] = d;
    history.dayTotal[d] += Math.max(0, point.value);
    history.dayBuckets[d] += 1;
    for (const name of eventNames) {
      if (point.events?.[name] !== 1) continue;
      history.events.get(name)![i] = 1;
      history.dayEvents.get(name)![d] = 1;
    }
  });
  return history;
}

function markKnownClosedDays(
  points: TrainingPoint[],
  positions: { day: number }[],
  firstDay: number,
  dayCount: number,
): Uint8Array {
  const closed = new Uint8Array(Math.max(0, dayCount));
  const open = new Uint8Array(Math.max(0, dayCount));
  points.forEach((point, i) => {
    const d = positions[i].day - firstDay;
    if (point.open === false) closed[d] = 1;
    else open[d] = 1;
  });
  for (let d = 0; d < closed.length; d++) if (open[d]) closed[d] = 0;
  return closed;
}

/** Number of days from the first learnable bucket through the last. */
export function daysOfHistory(history: PreparedHistory): number {
  if (history.value.length === 0) return 0;
  return history.dayCount - history.dayIndex[0];
}

/**
 * Returns `history` without the buckets where `drop` is set, with the day
 * totals and counts taken over the remaining buckets.
 */
export function withoutBuckets(history: PreparedHistory, drop: Uint8Array): PreparedHistory {
  const keep: number[] = [];
  for (let i = 0; i < history.value.length; i++) if (!drop[i]) keep.push(i);
  const value = Float64Array.from(keep, (i) => history.value[i]);
  const dayIndex = Int32Array.from(keep, (i) => history.dayIndex[i]);
  const dayTotal = new Float64Array(history.dayCount);
  const dayBuckets = new Int32Array(history.dayCount);
  for (const i of keep) {
    dayTotal[history.dayIndex[i]] += history.value[i];
    dayBuckets[history.dayIndex[i]] += 1;
  }
  return {
    ...history,
    value,
    slot: Int32Array.from(keep, (i) => history.slot[i]),
    dayIndex,
    events: new Map(
      [...history.events].map(([name, flags]) => [name, Uint8Array.from(keep, (i) => flags[i])]),
    ),
    dayTotal,
    dayBuckets,
  };
}
