import { z } from "zod";
import { localParts, parseDate, TIME } from "../time/zone";
import { LocalDateSchema } from "./timestamp";

const CLOCK = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A local clock time `HH:MM` from 00:00 to 24:00; `24:00` closes at midnight. */
export const ClockSchema = z
  .string()
  .regex(CLOCK, "expected a local time HH:MM from 00:00 to 24:00, such as 09:00");

/**
 * An open interval in local time. An end before the start runs past
 * midnight into the next day (22:00 to 02:00), as at a bar or a fuel
 * station. Registration rejects an end equal to the start.
 */
export const IntervalSchema = z.tuple([ClockSchema, ClockSchema]);
export type Interval = z.infer<typeof IntervalSchema>;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/**
 * Weekly hours: each weekday lists its open intervals, and an empty or
 * missing list means closed. The object is strict, because an unknown key
 * such as `monday` would otherwise leave every day closed and turn
 * monitoring off.
 */
export const WeeklyHoursSchema = z.strictObject(
  Object.fromEntries(
    WEEKDAYS.map((d) => [d, z.array(IntervalSchema).max(4).default([])]),
  ) as Record<(typeof WEEKDAYS)[number], z.ZodDefault<z.ZodArray<typeof IntervalSchema>>>,
);
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

const exceptionFields = {
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD"),
  closed: z.boolean().default(false),
  hours: z.array(IntervalSchema).max(4).optional(),
  note: z.string().max(200).optional(),
};

const closedOrHours = {
  message: "the exception is neither closed: true nor given hours",
  params: { fix: "set closed: true or list the day's hours" },
};

/** A dated exception: closed all day, or open only during `hours`. */
export const HoursExceptionSchema = z
  .strictObject(exceptionFields)
  .refine((e) => e.closed || e.hours !== undefined, closedOrHours);
export type HoursException = z.infer<typeof HoursExceptionSchema>;

function quoteInterval([from, to]: Interval): string {
  return `["${from}", "${to}"]`;
}

/**
 * Lists the problems of one day's intervals: an end equal to its start, and
 * intervals that overlap. Touching intervals (09:00-13:00, 13:00-17:00) are
 * fine. An overnight interval is checked against the day's others up to
 * midnight only. Each problem names the interval's position in the list.
 */
export function intervalProblems(
  intervals: readonly Interval[],
): { index: number; problem: string; fix: string }[] {
  const problems: { index: number; problem: string; fix: string }[] = [];
  intervals.forEach((interval, index) => {
    const [start, end] = interval.map(minutesOf);
    if (end === start) {
      problems.push({
        index,
        problem: `${quoteInterval(interval)} opens and closes at the same time`,
        fix: 'send an end after the start; a whole day is ["00:00", "24:00"]',
      });
    }
  });
  const ordered = intervals
    .map((interval, index) => {
      const start = minutesOf(interval[0]);
      const end = minutesOf(interval[1]);
      // The part of an overnight interval after midnight is the next day's.
      return { interval, index, start, end: end < start ? 24 * 60 : end };
    })
    .filter((entry) => entry.end > entry.start)
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1];
    const current = ordered[i];
    if (current.start >= previous.end) continue;
    const merged: Interval = [previous.interval[0], current.end > previous.end ? current.interval[1] : previous.interval[1]];
    problems.push({
      index: current.index,
      problem: `${quoteInterval(current.interval)} overlaps ${quoteInterval(previous.interval)}`,
      fix: `merge them into ${quoteInterval(merged)} or correct one of them`,
    });
  }
  return problems;
}

function addIntervalIssues(intervals: readonly Interval[], path: PropertyKey[], ctx: z.RefinementCtx) {
  for (const { index, problem, fix } of intervalProblems(intervals)) {
    ctx.addIssue({ code: "custom", path: [...path, index], message: problem, params: { fix } });
  }
}

/**
 * Weekly hours as registration takes them: intervals in order, none
 * overlapping, and at least one open day, since hours that close every day
 * would mark every bucket an expected zero and never alert.
 */
export const CheckedWeeklyHoursSchema = WeeklyHoursSchema.superRefine((weekly, ctx) => {
  for (const day of WEEKDAYS) addIntervalIssues(weekly[day], [day], ctx);
  if (WEEKDAYS.every((day) => weekly[day].length === 0)) {
    ctx.addIssue({
      code: "custom",
      message: "openingHours lists no open hours on any day, so the location would count as closed all week",
      params: { fix: `list the hours under ${WEEKDAYS.join(", ")}, or leave openingHours out when they are unknown` },
    });
  }
});

/**
 * A dated exception as registration takes it: a real date, closed or given
 * hours but not both, and hours in order with none overlapping.
 */
export const CheckedHoursExceptionSchema = z
  .strictObject({ ...exceptionFields, date: LocalDateSchema })
  .refine((e) => e.closed || e.hours !== undefined, closedOrHours)
  .superRefine((exception, ctx) => {
    if (exception.closed && exception.hours !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["hours"],
        message: "lists hours for a day marked closed: true",
        params: { fix: "remove hours to close all day, or remove closed: true to open only during hours" },
      });
    }
    if (exception.hours) addIntervalIssues(exception.hours, ["hours"], ctx);
  });

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
