/**
 * The location profile the product would hold for a simulated store: the
 * registration the simulator sends, plus its renovation as declared
 * closed days, because a chain announces a closure that long.
 */
import { LocationInputSchema, toProfile, type LocationProfile } from "../../src/domain/location";
import type { StoreSpec } from "../../src/simulation";
import { addDays } from "../../src/time/zone";
import { toLocation } from "../../scripts/sim/locations";

function renovationDays(spec: StoreSpec): string[] {
  const renovation = spec.renovation;
  if (!renovation) return [];
  const days: string[] = [];
  for (let d = renovation.closedFrom; d < renovation.reopens; d = addDays(d, 1)) {
    days.push(d);
  }
  return days;
}

/** Builds the profile of `spec` as registered through the API. */
export function profileOf(spec: StoreSpec): LocationProfile {
  const exceptions = renovationDays(spec).map((date) => ({
    date,
    closed: true,
    note: "renovation",
  }));
  const input = LocationInputSchema.parse({ ...toLocation(spec), exceptions });
  return toProfile(input, 0);
}
