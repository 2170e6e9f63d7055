/**
 * The silence check replayed at the alarm's times: over normal trading,
 * where every alert is false, and after a feed outage, where the first
 * alert is the detection.
 */
import { silenceVerdict, type SilenceVerdict } from "../../src/detection/feed-silence";
import { modelAt } from "./training";
import { alarmAfterSale, nextAlarmMs, type LiveLocation } from "./alarm";

/** A silence alert opened by the replay. */
export interface AlertOpening {
  atMs: number;
  /** Start of the silent span it judged: the last sale. */
  fromMs: number;
}

/** The result of replaying normal trading, which the outage trials start from. */
export interface TradingReplay {
  alerts: AlertOpening[];
  /** Open alert episodes as [openedMs, resolvedMs) pairs. */
  episodes: [number, number][];
  /** The pending alarm after each change: `alarmMs[i]` from `changedMs[i]`. */
  changedMs: number[];
  alarmMs: number[];
  checks: number;
}

function verdictAt(location: LiveLocation, lastSaleMs: number | null, nowMs: number): SilenceVerdict {
  return silenceVerdict({
    model: modelAt(location.timeline, nowMs),
    profile: location.profile,
    lastSaleMs,
    liveSinceMs: location.liveSinceMs,
    nowMs,
  });
}

/**
 * Replays the alarm and the silence check over sales until `endMs`. An
 * alert opens on the first silent check. As in the location object, it
 * stays open until a sale arrives after the span it judged began, and then
 * resolves on the first check that is not silent.
 */
export function replayTrading(
  location: LiveLocation,
  saleMs: Float64Array,
  endMs: number,
): TradingReplay {
  const out: TradingReplay = { alerts: [], episodes: [], changedMs: [], alarmMs: [], checks: 0 };
  const setAlarm = (atMs: number, dueMs: number) => {
    out.changedMs.push(atMs);
    out.alarmMs.push(dueMs);
    return dueMs;
  };
  let alarm = setAlarm(location.liveSinceMs, nextAlarmMs(location, location.liveSinceMs));
  let lastSale: number | null = null;
  let openedMs: number | null = null;
  let heldFromMs = 0;
  let i = 0;
  for (;;) {
    const sale = i < saleMs.length ? saleMs[i] : Infinity;
    if (Math.min(sale, alarm) >= endMs) break;
    if (sale < alarm) {
      lastSale = sale;
      i++;
      const due = alarmAfterSale(location, alarm, sale, openedMs !== null);
      if (due !== alarm) alarm = setAlarm(sale, due);
      continue;
    }
    const now = alarm;
    alarm = setAlarm(now, nextAlarmMs(location, now));
    out.checks++;
    if (openedMs !== null && (lastSale ?? 0) < heldFromMs) continue;
    const verdict = verdictAt(location, lastSale, now);
    if (verdict.silent && openedMs === null) {
      openedMs = now;
      heldFromMs = verdict.fromMs;
      out.alerts.push({ atMs: now, fromMs: verdict.fromMs });
    } else if (!verdict.silent && openedMs !== null) {
      out.episodes.push([openedMs, now]);
      openedMs = null;
    }
  }
  if (openedMs !== null) out.episodes.push([openedMs, endMs]);
  return out;
}

/** Returns the index of the last entry of sorted `values` below `x`, or -1. */
export function lastBelow(values: ArrayLike<number>, x: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] < x) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * Returns how long after `startMs` the check calls the feed silent when
 * no sale arrives from then on, or null when it does not within `capMs`.
 * The alarm pending at the start is the one normal trading had set.
 */
export function detectOutage(
  location: LiveLocation,
  trading: TradingReplay,
  saleMs: Float64Array,
  startMs: number,
  capMs: number,
): number | null {
  const sale = lastBelow(saleMs, startMs);
  const lastSale = sale >= 0 ? saleMs[sale] : null;
  let now = trading.alarmMs[lastBelow(trading.changedMs, startMs)];
  while (now <= startMs + capMs) {
    if (verdictAt(location, lastSale, now).silent) return now - startMs;
    now = nextAlarmMs(location, now);
  }
  return null;
}
