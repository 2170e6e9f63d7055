import { localParts } from "../time/zone";
import type { LocationProfile } from "./location";

/**
 * Returns the known covariates the location declared for the local date of
 * an instant, or undefined when it declared none for that date.
 */
export function knownEvents(
  profile: Pick<LocationProfile, "timezone" | "eventDays">,
  utcMs: number,
): Record<string, 0 | 1> | undefined {
  const days = profile.eventDays;
  if (!days) return undefined;
  return days[localParts(profile.timezone, utcMs).date];
}
