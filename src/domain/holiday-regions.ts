/**
 * The countries and subdivisions the holiday calendar (the date-holidays
 * package, as used by src/calendar) has data for. A code it does not know
 * gives an empty or country-wide calendar without any error, so registration
 * checks codes here instead.
 */
import Holidays from "date-holidays";

let countries: Map<string, string> | undefined;
const subdivisions = new Map<string, Map<string, string>>();

function knownCountries(): Map<string, string> {
  countries ??= new Map(Object.entries(new Holidays().getCountries("en")));
  return countries;
}

/** Returns the country's English name, or undefined when the calendar has no such country. */
export function holidayCountryName(country: string): string | undefined {
  return knownCountries().get(country);
}

/** Lists the subdivision codes the calendar has for a known country; empty when it has none. */
export function holidaySubdivisions(country: string): Map<string, string> {
  let known = subdivisions.get(country);
  if (!known) {
    const states = knownCountries().has(country) ? new Holidays().getStates(country, "en") : undefined;
    known = new Map(Object.entries(states ?? {}));
    subdivisions.set(country, known);
  }
  return known;
}

/** Returns how many countries the calendar contains, for messages. */
export function holidayCountryCount(): number {
  return knownCountries().size;
}
