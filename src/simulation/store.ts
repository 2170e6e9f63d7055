/**
 * One synthetic store: its true expected rate for any hour, the day shocks
 * and incidents on top of it, and whether it is open. Everything is a pure
 * function of the store and the hour, so the live simulator can ask hour
 * by hour and the benchmark can ask for whole series.
 */
import { holidaysInYear } from "../calendar";
import { addDays, localParts, TIME } from "../time/zone";
import { ARCHETYPES, type ArchetypeName } from "./archetypes";
import { incidentEffect, type Incident } from "./incidents";
import { hashNormal } from "./random";

/** Christmas Eve and New Year's Eve close early at stores that close on holidays. */
const EARLY_CLOSE_HOUR: Record<string, number> = { "12-24": 14, "12-31": 16 };
/** The hours before an early close are busier by this factor. */
const EARLY_CLOSE_FACTOR = 1.5;

/** A closure for renovation, after which the store trades at a new level. */
export interface Renovation {
  /** Local dates: closed from `closedFrom` until the day before `reopens`. */
  closedFrom: string;
  reopens: string;
  levelFactor: number;
}

/** Everything that defines one store of the fleet. */
export interface StoreSpec {
  id: string;
  archetype: ArchetypeName;
  timeZone: string;
  country: string;
  seed: number;
  /** Transactions on a typical weekday at the start of `originDate`. */
  dailyTotal: number;
  originDate: string;
  /** Log growth of the level per year. */
  trendPerYear: number;
  daySd: number;
  alpha: number;
  ticket: number;
  renovation: Renovation | null;
  incidents: Incident[];
}

/** The truth of one hour at one store. */
export interface HourTruth {
  startMs: number;
  /** Open by the store's schedule, holidays and renovation (known to the chain). */
  open: boolean;
  /** Expected transactions without day shock or incident: the baseline. */
  expected: number;
  /** The rate events are drawn at: expected times day shock and incident. */
  rate: number;
  /** False during a feed outage: sales happen but are not received. */
  delivered: boolean;
  incidentId: string | null;
  /** Local day number, shared by the hours of one local day. */
  localDay: number;
  /** Known covariates of the hour (the chain's calendar). */
  events?: Record<string, 0 | 1>;
}

interface DayInfo {
  closedAllDay: boolean;
  closesAtHour: number | null;
  factor: number;
}

const dayInfoCache = new Map<string, DayInfo>();

function closesOn(spec: StoreSpec, date: string): boolean {
  const rule = ARCHETYPES[spec.archetype].holidayClosure;
  if (rule === "none") return false;
  const holidays = holidaysInYear(spec.country, undefined, Number(date.slice(0, 4)));
  return holidays.some((h) => {
    if (h.date !== date || h.type !== "public") return false;
    return rule === "public" || date.endsWith("-12-25") || date.endsWith("-01-01");
  });
}

/** Holiday behaviour of one local date at one store. */
function dayInfo(spec: StoreSpec, date: string): DayInfo {
  const key = `${spec.archetype}|${spec.country}|${date}`;
  const cached = dayInfoCache.get(key);
  if (cached) return cached;
  const archetype = ARCHETYPES[spec.archetype];
  const closedAllDay = closesOn(spec, date);
  const monthDay = date.slice(5);
  const closesAtHour = archetype.holidayClosure !== "none"
    ? EARLY_CLOSE_HOUR[monthDay] ?? null
    : null;
  let factor = 1;
  if (!closedAllDay && closesOn(spec, addDays(date, 1))) factor = archetype.preHolidayFactor;
  if (closesAtHour !== null) factor = EARLY_CLOSE_FACTOR;
  const info = { closedAllDay, closesAtHour, factor };
  if (dayInfoCache.size > 200_000) dayInfoCache.clear();
  dayInfoCache.set(key, info);
  return info;
}

function renovationState(spec: StoreSpec, date: string): "closed" | "after" | "before" {
  const r = spec.renovation;
  if (!r || date < r.closedFrom) return "before";
  return date < r.reopens ? "closed" : "after";
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / TIME.DAY_MS);
}

/** Baseline and opening of the hour starting at `startMs`. */
function baseline(spec: StoreSpec, startMs: number) {
  const archetype = ARCHETYPES[spec.archetype];
  const local = localParts(spec.timeZone, startMs);
  const day = dayNumber(local.date);
  const hours = archetype.hours[local.weekday];
  const info = dayInfo(spec, local.date);
  const renovation = renovationState(spec, local.date);
  const closeHour = Math.min(hours?.[1] ?? 0, info.closesAtHour ?? 24);
  const open = hours !== null && !info.closedAllDay && renovation !== "closed" &&
    local.hour >= hours[0] && local.hour < closeHour;
  if (!open) return { open, expected: 0, day, local };

  const weights = local.weekday < 5 ? archetype.hourWeights.weekday : archetype.hourWeights.weekend;
  let weightSum = 0;
  for (let h = hours[0]; h < hours[1]; h++) weightSum += weights[h];
  const years = (day - dayNumber(spec.originDate)) / 365.25;
  const level = spec.dailyTotal * Math.exp(spec.trendPerYear * years) *
    (renovation === "after" ? spec.renovation!.levelFactor : 1);
  const expected = level * archetype.weekdayFactor[local.weekday] *
    archetype.yearly(local.month, local.day) * info.factor *
    (weightSum > 0 ? weights[local.hour] / weightSum : 0);
  return { open, expected, day, local };
}

/** Day multiplier with mean 1, the same for every hour of a local day. */
export function dayShock(spec: StoreSpec, localDay: number): number {
  const z = hashNormal(spec.seed, localDay);
  return Math.exp(spec.daySd * z - (spec.daySd * spec.daySd) / 2);
}

/** Returns the truth of the hour starting at `startMs` (a UTC bucket start). */
export function hourTruth(spec: StoreSpec, startMs: number): HourTruth {
  const { open, expected, day, local } = baseline(spec, startMs);
  const events = ARCHETYPES[spec.archetype].events?.(local.month, local.day);
  let factor = 1;
  let delivered = true;
  let incidentId: string | null = null;
  for (const incident of spec.incidents) {
    if (startMs < incident.startMs || startMs >= incident.endMs) continue;
    const effect = incidentEffect(incident, startMs);
    factor *= effect.factor;
    delivered &&= effect.delivered;
    incidentId = incident.id;
  }
  return {
    startMs,
    open,
    expected,
    rate: expected * dayShock(spec, day) * factor,
    delivered,
    incidentId,
    localDay: day,
    ...(events ? { events } : {}),
  };
}
