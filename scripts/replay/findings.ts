/**
 * Anomaly episodes of a replay, worked out from the replay responses, and
 * how they line up with the data's own irregularities: closures,
 * refurbishments, holidays and zero-sales days. Pure code with no I/O.
 */
import { addDays, weekdayOf } from "../../src/time/zone";
import type { Store, StoreDay } from "./rossmann";

/** One day of a replay response. */
export interface ReplayedDay {
  date: string;
  closed: number;
  alerts: number;
  open: { anomalyId: string; type: string; severity: string }[];
}

/** One anomaly episode as the replay saw it, by local date. */
export interface Episode {
  store: number;
  anomalyId: string;
  type: string;
  severity: string;
  /** Day whose close opened it. */
  opened: string;
  /** Last day it was still open at the end of. */
  lastOpen: string;
  openDays: number;
  stillOpen: boolean;
  /** Feature of the day it opened on, or "ordinary". */
  context: DayContext;
}

/** Days after a reopening during which flags count as part of it. */
export const REOPENING_DAYS = 14;
/** A closure at least this many days long is read as a refurbishment. */
export const REFURBISHMENT_MIN_DAYS = 5;
/** Days at the start of the replay that follow the half-year hole. */
export const AFTER_GAP_DAYS = 28;

export const DAY_CONTEXTS = [
  "closed",
  "zero_sales_open",
  "after_refurbishment",
  "after_gap",
  "state_holiday_open",
  "near_state_holiday",
  "after_closure",
  "ordinary",
] as const;
export type DayContext = (typeof DAY_CONTEXTS)[number];

const SEVERITY_RANK: Record<string, number> = { minor: 1, major: 2, critical: 3 };
/** `weekdayOf` of a Sunday. */
const SUNDAY = 6;

/** A run of closed days of one store, by local date, both ends included. */
export interface Closure {
  store: number;
  from: string;
  to: string;
  days: number;
  /** First open day after it, or null when the data ends first. */
  reopened: string | null;
}

/** Finds runs of at least `minDays` closed days. */
export function findClosures(store: Store, minDays: number): Closure[] {
  const runs: Closure[] = [];
  let start = -1;
  const days = store.days;
  for (let i = 0; i <= days.length; i++) {
    const closed = i < days.length && !days[i].open;
    if (closed && start < 0) start = i;
    if (closed || start < 0) continue;
    if (i - start >= minDays) {
      const reopened = i < days.length ? days[i].date : null;
      runs.push({ store: store.number, from: days[start].date, to: days[i - 1].date, days: i - start, reopened });
    }
    start = -1;
  }
  return runs;
}

/** Reports whether the store has no rows in the second half of 2014. */
export function hasHalfYearGap(store: Store): boolean {
  return !store.days.some((d) => d.date >= "2014-07-01" && d.date <= "2014-12-31");
}

/** Classifies one replayed day of a store by its most telling feature. */
export function classifyDay(store: Store, byDate: Map<string, StoreDay>, date: string, from: string): DayContext {
  const day = byDate.get(date);
  if (!day || !day.open) return "closed";
  if (day.sales === 0) return "zero_sales_open";
  const refurbished = findClosures(store, REFURBISHMENT_MIN_DAYS).some(
    (c) => c.reopened !== null && c.reopened <= date && date < addDays(c.reopened, REOPENING_DAYS),
  );
  if (refurbished) return "after_refurbishment";
  if (hasHalfYearGap(store) && date < addDays(from, AFTER_GAP_DAYS)) return "after_gap";
  if (day.stateHoliday !== "0") return "state_holiday_open";
  for (const offset of [-2, -1, 1, 2]) {
    const near = byDate.get(addDays(date, offset));
    if (near && near.stateHoliday !== "0") return "near_state_holiday";
  }
  let previous = addDays(date, -1);
  if (weekdayOf(previous) === SUNDAY) previous = addDays(previous, -1);
  if (byDate.get(previous)?.open === false) return "after_closure";
  return "ordinary";
}

/** Collects the episodes of one store from its replayed days. */
export function episodesOf(store: Store, days: ReplayedDay[], from: string): Episode[] {
  const byDate = new Map(store.days.map((d) => [d.date, d]));
  const episodes = new Map<string, Episode>();
  for (const day of days) {
    for (const open of day.open) {
      const known = episodes.get(open.anomalyId);
      if (known) {
        known.lastOpen = day.date;
        known.openDays += 1;
        if (SEVERITY_RANK[open.severity] > SEVERITY_RANK[known.severity]) known.severity = open.severity;
        continue;
      }
      episodes.set(open.anomalyId, {
        store: store.number,
        anomalyId: open.anomalyId,
        type: open.type,
        severity: open.severity,
        opened: day.date,
        lastOpen: day.date,
        openDays: 1,
        stillOpen: false,
        context: classifyDay(store, byDate, day.date, from),
      });
    }
  }
  const last = days.at(-1);
  for (const episode of episodes.values()) {
    episode.stillOpen = last !== undefined && last.open.some((o) => o.anomalyId === episode.anomalyId);
  }
  return [...episodes.values()];
}

/** Reports whether a sales dip was open at the end of `date`. */
export function dipOpenOn(days: ReplayedDay[], date: string): boolean {
  const day = days.find((d) => d.date === date);
  return day?.open.some((o) => o.type === "sales_dip") ?? false;
}
