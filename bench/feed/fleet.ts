/** The synthetic fleet the feed benchmark draws its stores from. */
import type { FleetOptions } from "../../src/simulation";
import { parseDate, TIME } from "../../src/time/zone";
import type { FeedOptions } from "./store";

/**
 * First day of the fleet's history. Windows start at least 400 days later,
 * so the first fit has a full hourly training window.
 */
export const FLEET_START_DATE = "2023-01-02";

/**
 * Returns fleet options that cover every window. The period decides when stores
 * renovate, so it ends with the last window rather than far after it.
 */
export function fleetOptions(options: FeedOptions): FleetOptions {
  const lastStart = Math.max(...options.windowStarts.map(parseDate));
  const endMs = lastStart + (options.weeks * 7 + 2) * TIME.DAY_MS;
  const days = Math.ceil((endMs - parseDate(FLEET_START_DATE)) / TIME.DAY_MS);
  return { seed: options.seed, stores: options.stores, startDate: FLEET_START_DATE, days };
}
