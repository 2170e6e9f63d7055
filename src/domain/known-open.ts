import { holidaysInYear } from "../calendar";
import { localParts, TIME } from "../time/zone";
import type { LocationProfile } from "./location";
import { isClosedDay, openMinutes } from "./opening-hours";

type ClosureFacts = Pick<
  LocationProfile,
  "timezone" | "schedule" | "closedOnPublicHolidays" | "country" | "subdivision"
>;

function isPublicHoliday(profile: ClosureFacts, date: string): boolean {
  if (!profile.closedOnPublicHolidays || !profile.country) return false;
  const year = Number(date.slice(0, 4));
  return holidaysInYear(profile.country, profile.subdivision, year).some(
    (h) => h.date === date && h.type === "public",
  );
}

/**
 * Reports whether a location is known to be open during a bucket: false
 * when its hours, a dated closure or a public holiday it closes on say it is
 * shut for the whole bucket, true when its hours say it is open for part of
 * it, and null when it declares no hours (nothing is known).
 */
export function knownOpen(
  profile: ClosureFacts,
  startMs: number,
  lengthMs: number = TIME.HOUR_MS,
): boolean | null {
  const date = localParts(profile.timezone, startMs).date;
  const hasException = profile.schedule.exceptions?.some((e) => e.date === date);
  if (isClosedDay(profile.schedule, date)) return false;
  if (!hasException && isPublicHoliday(profile, date)) return false;
  const minutes = openMinutes(profile.schedule, profile.timezone, startMs, lengthMs);
  if (minutes === null) return null;
  return minutes > 0;
}
