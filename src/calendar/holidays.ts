/**
 * Holiday calendar of a country or subdivision, from the date-holidays
 * package. Results are cached per country, subdivision and year, so the
 * library is consulted once per year of dates; fitted models carry the
 * holiday dates they need, which keeps the calendar off the scoring path.
 */
import Holidays from "date-holidays";
import { addDays } from "../time/zone";

const DAY_MS = 86_400_000;
const MAX_CACHED_YEARS = 2_000;

/**
 * Holiday types that change trading: days off by law (public), bank
 * holidays, and optional days many people take (Christmas Eve in the US).
 * Observances (Valentine's Day) and school holidays are left to covariates.
 */
export const TRADING_HOLIDAY_TYPES = ["public", "bank", "optional"] as const;
export type HolidayType = (typeof TRADING_HOLIDAY_TYPES)[number];

/** One local calendar date that is a holiday. */
export interface HolidayDate {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  name: string;
  type: HolidayType;
}

const calendars = new Map<string, Holidays>();
const years = new Map<string, HolidayDate[]>();

function calendarFor(country: string, subdivision?: string): Holidays {
  const key = `${country}|${subdivision ?? ""}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = subdivision
      ? new Holidays(country, subdivision)
      : new Holidays(country);
    calendars.set(key, calendar);
  }
  return calendar;
}

function isTradingType(type: string): type is HolidayType {
  return (TRADING_HOLIDAY_TYPES as readonly string[]).includes(type);
}

function computeYear(
  country: string,
  subdivision: string | undefined,
  year: number,
): HolidayDate[] {
  const found = calendarFor(country, subdivision).getHolidays(year) || [];
  const dates: HolidayDate[] = [];
  for (const holiday of found) {
    if (!isTradingType(holiday.type)) continue;
    const first = holiday.date.slice(0, 10);
    const spanMs = holiday.end.getTime() - holiday.start.getTime();
    const days = Math.max(1, Math.round(spanMs / DAY_MS));
    for (let i = 0; i < days; i++) {
      dates.push({ date: addDays(first, i), name: holiday.name, type: holiday.type });
    }
  }
  return dates;
}

/**
 * Returns the trading holidays of one year. An unknown country returns an
 * empty list, because a location without a calendar still needs a model.
 */
export function holidaysInYear(
  country: string,
  subdivision: string | undefined,
  year: number,
): HolidayDate[] {
  const key = `${country}|${subdivision ?? ""}|${year}`;
  let dates = years.get(key);
  if (!dates) {
    dates = computeYear(country.toUpperCase(), subdivision, year);
    if (years.size >= MAX_CACHED_YEARS) years.clear();
    years.set(key, dates);
  }
  return dates;
}

/** Returns the trading holidays with dates in [fromDate, toDate], sorted. */
export function holidaysBetween(
  country: string,
  subdivision: string | undefined,
  fromDate: string,
  toDate: string,
): HolidayDate[] {
  const first = Number(fromDate.slice(0, 4));
  const last = Number(toDate.slice(0, 4));
  const dates: HolidayDate[] = [];
  for (let year = first; year <= last; year++) {
    for (const holiday of holidaysInYear(country, subdivision, year)) {
      if (holiday.date >= fromDate && holiday.date <= toDate) dates.push(holiday);
    }
  }
  return dates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
