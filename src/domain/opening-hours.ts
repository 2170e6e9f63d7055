import { z } from "zod";
import { localParts, parseDate, TIME } from "../time/zone";

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** A local clock time `HH:MM`; `24:00` closes at midnight. */
export const ClockSchema = z
  .string()
  .regex(CLOCK, "expected a local time HH:MM such as 09:00 or 24:00")
  .refine((v) => v <= "24:00", "the latest time is 24:00");

/**
 * An open interval in local time. An end at or before the start runs past
 * midnight into the next day (22:00 to 02:00).
 */
export const IntervalSchema = z.tuple([ClockSchema, ClockSchema]);
export type Interval = z.infer<typeof IntervalSchema>;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** Weekly hours: each weekday lists its open intervals; an empty list is closed. */
export const WeeklyHoursSchema = z.object(
  Object.fromEntries(
    WEEKDAYS.map((d) => [d, z.array(IntervalSchema).max(4).default([])]),
  ) as Record<(typeof WEEKDAYS)[number], z.ZodDefault<z.ZodArray<typeof IntervalSchema>>>,
);
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

/** A dated exception: closed all day, or open only during `hours`. */
export const HoursExceptionSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD"),
    closed: z.boolean().default(false),
    hours: z.array(IntervalSchema).max(4).optional(),
    note: z.string().max(200).optional(),
  })
  .refine((e) => e.closed || e.hours !== undefined, {
    message: "set closed: true or list the day's hours",
  });
export type HoursException = z.infer<typeof HoursExceptionSchema>;

function minutesOf(clock: string): number {
  const [hh, mm] = clock.split(":").map(Number);
  return hh * 60 + mm;
}

/** Minute ranges [start, end) of one local day, with overnight spill-over. */
function rangesOfDay(
  intervals: readonly Interval[],
): { today: [number, number][]; spill: [number, number][] } {
  const today: [number, number][] = [];
  const spill: [number, number][] = [];
  for (const [from, to] of intervals) {
    const start = minutesOf(from);
    const end = minutesOf(to);
    if (end > start) today.push([start, end]);
    else {
      today.push([start, 1440]);
      if (end > 0) spill.push([0, end]);
    }
  }
  return { today, spill };
}

/** The hours a location keeps, as stored on its profile. */
export interface OpeningSchedule {
  weekly?: WeeklyHours;
  exceptions?: HoursException[];
}

function intervalsOn(schedule: OpeningSchedule, date: string, weekday: number) {
  const exception = schedule.exceptions?.find((e) => e.date === date);
  if (exception) return exception.closed ? [] : (exception.hours ?? []);
  return schedule.weekly?.[WEEKDAYS[weekday]] ?? [];
}

/**
 * Returns how many minutes of the bucket `[startMs, startMs + lengthMs)` the
 * location is open, or null when it declares no weekly hours (unknown, so
 * treated as possibly open everywhere).
 */
export function openMinutes(
  schedule: OpeningSchedule,
  timeZone: string,
  startMs: number,
  lengthMs: number = TIME.HOUR_MS,
): number | null {
  if (!schedule.weekly) return null;
  let open = 0;
  // Sample each minute's local position in 15-minute steps: opening times are
  // on quarter hours in practice, and a DST jump inside a bucket is handled.
  const stepMs = 15 * TIME.MINUTE_MS;
  for (let t = startMs; t < startMs + lengthMs; t += stepMs) {
    if (isOpenAt(schedule, timeZone, t)) open += 15;
  }
  return open;
}

/** Reports whether the location is open at an instant by its schedule. */
export function isOpenAt(
  schedule: OpeningSchedule,
  timeZone: string,
  utcMs: number,
): boolean {
  if (!schedule.weekly) return true;
  const local = localParts(timeZone, utcMs);
  const minute = local.hour * 60 + local.minute;
  const { today } = rangesOfDay(intervalsOn(schedule, local.date, local.weekday));
  if (today.some(([s, e]) => minute >= s && minute < e)) return true;

  const previous = new Date(parseDate(local.date) - TIME.DAY_MS);
  const previousDate = previous.toISOString().slice(0, 10);
  const previousWeekday = (local.weekday + 6) % 7;
  const { spill } = rangesOfDay(intervalsOn(schedule, previousDate, previousWeekday));
  return spill.some(([s, e]) => minute >= s && minute < e);
}

/** Reports whether a dated exception closes the location all day. */
export function isClosedDay(schedule: OpeningSchedule, date: string): boolean {
  return schedule.exceptions?.some((e) => e.date === date && e.closed) ?? false;
}
