import type { LocationProfile } from "../../src/domain/location";
import { knownOpen } from "../../src/domain/known-open";
import { MODELLED_METRICS, type Metric } from "../../src/domain/metrics";
import { TIME } from "../../src/time/zone";
import { readDaily, readHourly } from "./series";

/**
 * One grain of a location's history in columns, which keeps the RPC payload
 * compact: about 10 bytes a bucket per metric instead of an object each.
 */
export interface HistoryColumns {
  startMs: number[];
  /** 1 open, 0 known closed, null unknown. */
  open: (0 | 1 | null)[];
  events: (Record<string, 0 | 1> | null)[];
  values: Partial<Record<Metric, number[]>>;
}

function emptyColumns(): HistoryColumns {
  return { startMs: [], open: [], events: [], values: {} };
}

function openFlag(stored: boolean | null, known: boolean | null): 0 | 1 | null {
  const open = stored ?? known;
  return open === null ? null : open ? 1 : 0;
}

/**
 * Reads the closed history the trainer fits on, for the modelled metrics:
 * hourly buckets over `hourDays` and daily values over `dayDays`. A bucket's
 * open flag comes from the export when it had one, else from the schedule.
 */
export function readTrainingHistory(
  sql: SqlStorage,
  profile: LocationProfile,
  throughMs: number,
  hourDays: number,
  dayDays: number,
): { hour: HistoryColumns; day: HistoryColumns } {
  const hour = emptyColumns();
  const day = emptyColumns();
  MODELLED_METRICS.forEach((metric, index) => {
    const hourly = readHourly(sql, metric, throughMs - hourDays * TIME.DAY_MS, throughMs).filter(
      (p) => p.closed,
    );
    const daily = readDaily(sql, profile.timezone, metric, throughMs - dayDays * TIME.DAY_MS, throughMs).filter(
      (p) => p.closed,
    );
    hour.values[metric] = hourly.map((p) => p.value);
    day.values[metric] = daily.map((p) => p.value);
    if (index > 0) return;
    for (const p of hourly) {
      hour.startMs.push(p.startMs);
      hour.open.push(openFlag(p.open, knownOpen(profile, p.startMs)));
      hour.events.push(p.events ?? null);
    }
    for (const p of daily) {
      day.startMs.push(p.startMs);
      day.open.push(openFlag(p.open, knownOpen(profile, p.startMs, TIME.DAY_MS)));
      day.events.push(p.events ?? null);
    }
  });
  return { hour, day };
}
