/**
 * Store archetypes of the synthetic fleet. Shapes are calibrated on the
 * real data sets the project benchmarks with:
 * - intraday: the Edinburgh bakery's receipts per hour (trading 08:00-18:00,
 *   peak 11:00-13:00 with 13-15% of the day each, Saturday 1.6x a weekday);
 * - weekly: Favorita receipts (Saturday 1.17x and Sunday 1.08x a weekday)
 *   and Rossmann sales (Monday high after the Sunday closure);
 * - yearly and holidays: December 1.2x in Favorita, rising to 2x on the
 *   last trading day before Christmas, and Rossmann's half days on
 *   24 and 31 December (0.6-0.7x) after 1.7-1.8x on 22-23 December.
 */

export const ARCHETYPE_NAMES = [
  "supermarket",
  "campus",
  "office_cafe",
  "fuel_station",
  "tourist",
  "rural",
] as const;
export type ArchetypeName = (typeof ARCHETYPE_NAMES)[number];

/** Local opening hours per weekday (Monday first): [open, close) or null. */
export type WeekHours = ([number, number] | null)[];

/** Which holidays close the store. */
export type HolidayClosure = "public" | "christmas_new_year" | "none";

export interface Archetype {
  name: ArchetypeName;
  /** Zones with their country; a mix with and without DST. */
  places: readonly { timeZone: string; country: string }[];
  /** Transactions on a typical weekday, before weekday and yearly factors. */
  dailyTotal: [number, number];
  hours: WeekHours;
  weekdayFactor: readonly number[];
  /** Relative weight of each local hour on weekdays and at weekends. */
  hourWeights: { weekday: readonly number[]; weekend: readonly number[] };
  /** Multiplier by local month (1-12) and day of month. */
  yearly: (month: number, day: number) => number;
  holidayClosure: HolidayClosure;
  /** Known covariates the chain supplies for a local date, if any. */
  events?: (month: number, day: number) => Record<string, 0 | 1>;
  /** Multiplier on the trading day before a closing holiday. */
  preHolidayFactor: number;
  /** Sd of the log day shock, and bucket overdispersion. */
  daySd: [number, number];
  alpha: [number, number];
  /** Mean ticket in minor units, for the amount metric. */
  ticket: [number, number];
}

const SUPERMARKET_WEEKDAY = hoursOf({
  8: 3, 9: 4, 10: 5, 11: 6, 12: 7, 13: 6, 14: 5, 15: 6, 16: 8, 17: 10, 18: 10, 19: 7, 20: 4,
});
const SUPERMARKET_WEEKEND = hoursOf({
  8: 3, 9: 6, 10: 9, 11: 10, 12: 10, 13: 9, 14: 8, 15: 7, 16: 7, 17: 6, 18: 5, 19: 3, 20: 2,
});
// Edinburgh bakery receipts per hour, weekdays and Saturdays.
const BAKERY_WEEKDAY = hoursOf({
  7: 1, 8: 4.4, 9: 11, 10: 12.8, 11: 13.9, 12: 14.1, 13: 12.4, 14: 11.6, 15: 10.1, 16: 6.5, 17: 2,
});
const BAKERY_SATURDAY = hoursOf({
  8: 4.3, 9: 10.3, 10: 14.5, 11: 15.7, 12: 12.9, 13: 10.7, 14: 11.5, 15: 8.7, 16: 7.2, 17: 1.2,
});
const CAMPUS_WEEKDAY = hoursOf({
  8: 5, 9: 5, 10: 6, 11: 8, 12: 12, 13: 11, 14: 7, 15: 6, 16: 7, 17: 9, 18: 9, 19: 7, 20: 6, 21: 4,
});
const FUEL_WEEKDAY = hoursOf({
  0: 1, 1: 0.7, 2: 0.5, 3: 0.5, 4: 0.8, 5: 2, 6: 4.5, 7: 7, 8: 7, 9: 5.5, 10: 5, 11: 5.5,
  12: 6, 13: 5.5, 14: 5.5, 15: 6.5, 16: 7.5, 17: 8, 18: 6.5, 19: 5, 20: 4, 21: 3, 22: 2, 23: 1.5,
});
const FUEL_WEEKEND = hoursOf({
  0: 1.5, 1: 1, 2: 0.7, 3: 0.5, 4: 0.5, 5: 1, 6: 2, 7: 3.5, 8: 5, 9: 6.5, 10: 7, 11: 7,
  12: 7, 13: 6.5, 14: 6.5, 15: 6.5, 16: 6.5, 17: 6, 18: 5, 19: 4, 20: 3.5, 21: 3, 22: 2.5, 23: 2,
});
const TOURIST_DAY = hoursOf({
  10: 4, 11: 7, 12: 9, 13: 9, 14: 10, 15: 11, 16: 11, 17: 10, 18: 8, 19: 5,
});
const RURAL_DAY = hoursOf({ 9: 8, 10: 11, 11: 13, 12: 15, 13: 13, 14: 13, 15: 14, 16: 13 });

function hoursOf(weights: Record<number, number>): number[] {
  return Array.from({ length: 24 }, (_, h) => weights[h] ?? 0);
}

/** Reports whether month/day lies in [from, to), wrapping at the year end. */
function between(month: number, day: number, from: [number, number], to: [number, number]) {
  const key = month * 100 + day;
  const start = from[0] * 100 + from[1];
  const end = to[0] * 100 + to[1];
  return start <= end ? key >= start && key < end : key >= start || key < end;
}

function christmasRamp(month: number, day: number, top: number): number {
  if (month !== 12 || day >= 25) return 1;
  return 1 + (top - 1) * Math.max(0, (day - 10) / 14);
}

/** Academic breaks: winter, spring and summer. */
function inBreak(month: number, day: number): boolean {
  return between(month, day, [12, 18], [1, 12]) ||
    between(month, day, [3, 11], [3, 18]) ||
    between(month, day, [5, 12], [8, 24]);
}

/** Academic year: full in term, a third of it in the breaks. */
function termFactor(month: number, day: number): number {
  return inBreak(month, day) ? 0.3 : 1;
}

function touristSeason(month: number, day: number): number {
  const byMonth = [0.45, 0.45, 0.6, 0.9, 1.3, 2.2, 3, 3.1, 2, 1.1, 0.6, 0.55];
  const next = byMonth[month % 12];
  const here = byMonth[month - 1];
  return here + ((next - here) * (day - 1)) / 31;
}

export const ARCHETYPES: Record<ArchetypeName, Archetype> = {
  supermarket: {
    name: "supermarket",
    places: [
      { timeZone: "Europe/Berlin", country: "DE" },
      { timeZone: "Europe/London", country: "GB" },
    ],
    dailyTotal: [900, 2600],
    hours: [[8, 21], [8, 21], [8, 21], [8, 21], [8, 21], [8, 21], null],
    weekdayFactor: [1.02, 0.95, 0.95, 0.98, 1.12, 1.35, 1],
    hourWeights: { weekday: SUPERMARKET_WEEKDAY, weekend: SUPERMARKET_WEEKEND },
    yearly: (m, d) => christmasRamp(m, d, 1.6) * (m === 8 ? 0.94 : 1),
    holidayClosure: "public",
    preHolidayFactor: 1.35,
    daySd: [0.05, 0.1],
    alpha: [0.005, 0.03],
    ticket: [1_800, 3_500],
  },
  campus: {
    name: "campus",
    places: [
      { timeZone: "America/Chicago", country: "US" },
      { timeZone: "America/New_York", country: "US" },
    ],
    dailyTotal: [350, 900],
    hours: [[8, 22], [8, 22], [8, 22], [8, 22], [8, 22], [10, 18], [10, 18]],
    weekdayFactor: [1, 1.02, 1.02, 1, 0.9, 0.45, 0.4],
    hourWeights: { weekday: CAMPUS_WEEKDAY, weekend: TOURIST_DAY },
    yearly: termFactor,
    // Chains know a campus store's academic calendar.
    events: (m, d) => ({ school_holiday: inBreak(m, d) ? 1 : 0 }),
    holidayClosure: "christmas_new_year",
    preHolidayFactor: 1,
    daySd: [0.06, 0.12],
    alpha: [0.01, 0.05],
    ticket: [600, 1_400],
  },
  office_cafe: {
    name: "office_cafe",
    places: [
      { timeZone: "Asia/Kolkata", country: "IN" },
      { timeZone: "Asia/Tokyo", country: "JP" },
      { timeZone: "Europe/London", country: "GB" },
    ],
    dailyTotal: [250, 700],
    hours: [[7, 18], [7, 18], [7, 18], [7, 18], [7, 18], [8, 18], null],
    weekdayFactor: [0.97, 1, 1, 1, 0.95, 0.6, 1],
    hourWeights: { weekday: BAKERY_WEEKDAY, weekend: BAKERY_SATURDAY },
    yearly: (m, d) => (between(m, d, [12, 22], [1, 4]) ? 0.6 : m === 8 ? 0.9 : 1),
    holidayClosure: "public",
    preHolidayFactor: 1.05,
    daySd: [0.06, 0.15],
    alpha: [0.01, 0.05],
    ticket: [350, 900],
  },
  fuel_station: {
    name: "fuel_station",
    places: [
      { timeZone: "Australia/Sydney", country: "AU" },
      { timeZone: "America/Denver", country: "US" },
    ],
    dailyTotal: [700, 1_600],
    hours: [[0, 24], [0, 24], [0, 24], [0, 24], [0, 24], [0, 24], [0, 24]],
    weekdayFactor: [0.98, 0.97, 0.98, 1, 1.1, 1.05, 0.92],
    hourWeights: { weekday: FUEL_WEEKDAY, weekend: FUEL_WEEKEND },
    yearly: (m, d) => (m === 12 && d === 25 ? 0.6 : 1 + 0.05 * Math.sin(((m - 1) * Math.PI) / 6)),
    holidayClosure: "none",
    preHolidayFactor: 1.2,
    daySd: [0.04, 0.08],
    alpha: [0.005, 0.02],
    ticket: [3_000, 6_000],
  },
  tourist: {
    name: "tourist",
    places: [
      { timeZone: "Europe/Lisbon", country: "PT" },
      { timeZone: "Europe/Madrid", country: "ES" },
    ],
    dailyTotal: [120, 400],
    hours: [[10, 20], [10, 20], [10, 20], [10, 20], [10, 20], [10, 20], [10, 20]],
    weekdayFactor: [0.9, 0.9, 0.92, 0.95, 1.05, 1.25, 1.15],
    hourWeights: { weekday: TOURIST_DAY, weekend: TOURIST_DAY },
    yearly: touristSeason,
    holidayClosure: "christmas_new_year",
    preHolidayFactor: 1.1,
    daySd: [0.08, 0.15],
    alpha: [0.01, 0.05],
    ticket: [1_200, 4_000],
  },
  rural: {
    name: "rural",
    places: [
      { timeZone: "America/Los_Angeles", country: "US" },
      { timeZone: "Pacific/Auckland", country: "NZ" },
    ],
    dailyTotal: [4, 12],
    hours: [[9, 17], [9, 17], [9, 17], [9, 17], [9, 17], [9, 17], null],
    weekdayFactor: [1, 0.95, 0.95, 1, 1.1, 1.2, 1],
    hourWeights: { weekday: RURAL_DAY, weekend: RURAL_DAY },
    yearly: (m) => (m >= 6 && m <= 8 ? 1.1 : 1),
    holidayClosure: "christmas_new_year",
    preHolidayFactor: 1.15,
    daySd: [0.05, 0.12],
    alpha: [0, 0.05],
    ticket: [800, 3_000],
  },
};
