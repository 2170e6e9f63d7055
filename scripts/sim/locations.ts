import { ARCHETYPES, type StoreSpec } from "../../src/simulation";
import type { LocationRequest } from "../lib/api-client";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const CURRENCY: Record<string, string> = {
  AU: "AUD", DE: "EUR", ES: "EUR", PT: "EUR", GB: "GBP", IN: "INR",
  JP: "JPY", NZ: "NZD", US: "USD",
};

const REGION: Record<string, string> = {
  AU: "apac", NZ: "apac", IN: "apac", JP: "apac",
  DE: "emea", ES: "emea", PT: "emea", GB: "emea", US: "americas",
};

function clock(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

const DECLARED_DAYS = 60;

/**
 * Lists the store's known covariate days (a campus's school holidays) from
 * a month before `nowMs` to a month after, as a chain would declare its
 * calendar.
 */
export function declaredEventDays(spec: StoreSpec, nowMs: number) {
  const events = ARCHETYPES[spec.archetype].events;
  if (!events) return [];
  const days = [];
  for (let i = -DECLARED_DAYS / 2; i < DECLARED_DAYS / 2; i++) {
    const date = new Date(nowMs + i * 86_400_000).toISOString().slice(0, 10);
    const flags = events(Number(date.slice(5, 7)), Number(date.slice(8, 10)));
    if (Object.values(flags).some((flag) => flag === 1)) days.push({ date, events: flags });
  }
  return days;
}

/** Returns the currency the simulator uses for a store's country. */
export function currencyOf(spec: StoreSpec): string {
  return CURRENCY[spec.country] ?? "USD";
}

/**
 * Describes a simulated store as a location registration: its archetype's
 * weekly hours in local time, its holiday rule and its event days around
 * the current time, which is what a chain would tell the product about
 * each store. It takes only the store, so `fleet.map(toLocation)` is safe.
 */
export function toLocation(spec: StoreSpec): LocationRequest {
  const archetype = ARCHETYPES[spec.archetype];
  const openingHours = Object.fromEntries(
    WEEKDAYS.map((day, i) => {
      const hours = archetype.hours[i];
      return [day, hours ? [[clock(hours[0]), clock(hours[1])]] : []];
    }),
  );
  return {
    id: spec.id,
    name: `${spec.archetype.replaceAll("_", " ")} ${spec.id.slice(-4)}`,
    timezone: spec.timeZone,
    country: spec.country,
    region: REGION[spec.country] ?? "other",
    tags: [spec.archetype],
    currency: currencyOf(spec),
    openingHours: openingHours as LocationRequest["openingHours"],
    closedOnPublicHolidays: archetype.holidayClosure === "public",
    eventDays: declaredEventDays(spec, Date.now()),
  };
}
