/**
 * The location object's alarm, replayed: when it would run the silence
 * check, given the sales it has received.
 */
import { CLOSE_LATENESS_MS } from "../../durable-objects/location/limits";
import { checkIntervalMs } from "../../src/detection/feed-silence";
import type { LocationProfile } from "../../src/domain/location";
import { hourBucketStart, TIME } from "../../src/time/zone";
import { modelAt, type ModelTimeline } from "./training";

// NOTE: both mirror private constants of LocationMonitor, so keep them equal.
/** An alarm due within this lead time is left as it is. */
const MIN_ALARM_LEAD_MS = 60_000;
/** After a sale arrives while a feed alert is open, check again this soon. */
export const FEED_RECHECK_MS = 5_000;

/** The state of a live location that the silence check reads. */
export interface LiveLocation {
  profile: LocationProfile;
  timeline: ModelTimeline;
  liveSinceMs: number;
}

/**
 * Returns when the alarm set at `nowMs` fires: at the close of the open
 * hour, or sooner for the next silence check.
 */
export function nextAlarmMs(location: LiveLocation, nowMs: number): number {
  const tz = location.profile.timezone;
  const closeMs = hourBucketStart(tz, nowMs + TIME.HOUR_MS) + CLOSE_LATENESS_MS;
  const model = modelAt(location.timeline, nowMs);
  const interval = checkIntervalMs({ model, profile: location.profile, nowMs });
  return Math.min(closeMs, nowMs + interval);
}

/**
 * Returns the alarm time after a sale at `nowMs`, given the pending one.
 * Ingest only ever brings an alarm forward, and skips the arithmetic when
 * the pending one is due within a minute anyway.
 */
export function alarmAfterSale(
  location: LiveLocation,
  pendingMs: number,
  nowMs: number,
  alertOpen: boolean,
): number {
  const soonMs = alertOpen ? nowMs + FEED_RECHECK_MS : undefined;
  if (pendingMs <= (soonMs ?? nowMs + MIN_ALARM_LEAD_MS)) return pendingMs;
  let due = nextAlarmMs(location, nowMs);
  if (soonMs !== undefined) due = Math.min(due, soonMs);
  return Math.min(pendingMs, due);
}
