/**
 * Local calendar positions of buckets, computed from the zone offset with
 * plain arithmetic so fitting 10,000 buckets stays fast.
 */
import type { Grain } from "../domain/metrics";
import { offsetMinutes } from "../time/zone";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
// 1970-01-01 was a Thursday; with Monday as 0, Thursday is 3.
const EPOCH_WEEKDAY = 3;

/** Slots per grain: hour of the week, or day of the week. */
export const SLOTS: Record<Grain, number> = { hour: 168, day: 7 };

/** Local position of one bucket. */
export interface LocalPosition {
  /** Days since 1970-01-01 in local time. */
  day: number;
  /** Hour of the week (Monday 00:00 is 0) or weekday (Monday is 0). */
  slot: number;
}

/** Returns the local day and seasonal slot of a bucket start. */
export function localPosition(
  timeZone: string,
  startMs: number,
  grain: Grain,
): LocalPosition {
  // A daily bucket starts at local midnight; probe its middle so a day that
  // starts inside a DST change still lands on its own date.
  const probeMs = grain === "day" ? startMs + DAY_MS / 2 : startMs;
  const wallMs = probeMs + offsetMinutes(timeZone, probeMs) * MINUTE_MS;
  const day = Math.floor(wallMs / DAY_MS);
  const weekday = (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
  if (grain === "day") return { day, slot: weekday };
  const hour = Math.floor((wallMs - day * DAY_MS) / HOUR_MS);
  return { day, slot: weekday * 24 + hour };
}

/** Formats a local day number as `YYYY-MM-DD`. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Parses `YYYY-MM-DD` into a local day number. */
export function dayOfDate(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
