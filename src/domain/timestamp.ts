import { z } from "zod";

/**
 * RFC 3339 date-time with an explicit offset (Z or ±HH:MM). RFC 3339 allows
 * a lowercase `t` and `z`, so the character classes take both cases: the
 * pattern is published in /openapi.json, where a regex flag cannot be
 * written. The groups are year, month, day, hour, minute, second, fraction,
 * then the offset's sign, hours and minutes.
 */
export const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** A local calendar date `YYYY-MM-DD`. The groups are year, month and day. */
export const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const DATE_TIME_EXAMPLE = "2026-03-08T14:05:00-05:00";
export const LOCAL_DATE_EXAMPLE = "2026-03-08";

const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** The outcome of reading a date or time sent by a client. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; fix: string };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Returns why year, month and day name no calendar day, or null when they do. */
function calendarDateProblem(
  text: string,
  year: number,
  month: number,
  day: number,
): { problem: string; fix: string } | null {
  const quoted = JSON.stringify(text);
  if (month < 1 || month > 12) {
    return {
      problem: `${quoted} is not a real calendar date: there is no month ${String(month).padStart(2, "0")}`,
      fix: "send a month from 01 to 12",
    };
  }
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    const monthText = `${year}-${String(month).padStart(2, "0")}`;
    return {
      problem: `${quoted} is not a real calendar date: ${MONTH_NAMES[month - 1]} ${year} has ${last} days`,
      fix: `send a day from 01 to ${last} for ${monthText}`,
    };
  }
  return null;
}

/** Returns the epoch milliseconds of a UTC wall-clock time, for any year (`Date.UTC` maps 0 to 99 to 1900 to 1999). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/**
 * Reads an RFC 3339 date-time with offset as epoch milliseconds. Rejects
 * days that do not exist (2026-02-30, 2026-11-31), hours past 23, minutes or
 * seconds past 59 and offsets past ±23:59. Digits of the fraction beyond
 * milliseconds are dropped.
 *
 * NOTE: a leap second (second 60, which RFC 3339 allows) is rejected,
 * because epoch milliseconds cannot represent it.
 */
export function readDateTime(text: string): Checked<number> {
  const match = DATE_TIME_PATTERN.exec(text);
  if (!match) {
    return {
      ok: false,
      problem: `${JSON.stringify(text)} is not an RFC 3339 date-time with offset`,
      fix: `send a time such as ${DATE_TIME_EXAMPLE} or 2026-03-08T19:05:00Z`,
    };
  }

  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const dateProblem = calendarDateProblem(text, year, month, day);
  if (dateProblem) return { ok: false, ...dateProblem };

  if (hour > 23 || minute > 59 || second > 59) {
    return {
      ok: false,
      problem: `${JSON.stringify(text)} is not a real time of day: hours run from 00 to 23, minutes and seconds from 00 to 59`,
      fix: "send the time as HH:MM:SS within those ranges; midnight ending a day is 00:00:00 of the next day",
    };
  }

  const sign = match[8];
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) {
    return {
      ok: false,
      problem: `${JSON.stringify(text)} has the offset ${sign}${match[9]}:${match[10]}, beyond ±23:59`,
      fix: "send the local offset from UTC, such as -05:00 or +05:30, or Z for UTC",
    };
  }

  const fractionMs = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
  const wallMs = utcMs(year, month, day, hour, minute, second, fractionMs);
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000 * (sign === "-" ? -1 : 1);
  return { ok: true, value: wallMs - offsetMs };
}

/**
 * Returns the epoch milliseconds of a timestamp `TimestampSchema` accepted.
 * Use it in place of `Date.parse`, which reads an impossible day such as
 * 2026-02-30 as a later one (V8 in Node 20 reads it as March 2).
 */
export function timestampMs(text: string): number {
  const read = readDateTime(text);
  if (!read.ok) throw new RangeError(read.problem);
  return read.value;
}

/** Reads a local calendar date `YYYY-MM-DD`, rejecting days that do not exist. */
export function readLocalDate(text: string): Checked<string> {
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (!match) {
    return {
      ok: false,
      problem: `${JSON.stringify(text)} is not a date in the form YYYY-MM-DD`,
      fix: `send a local date such as ${LOCAL_DATE_EXAMPLE}`,
    };
  }
  const [year, month, day] = match.slice(1, 4).map(Number);
  const problem = calendarDateProblem(text, year, month, day);
  return problem ? { ok: false, ...problem } : { ok: true, value: text };
}

function addCheckedIssue(ctx: z.RefinementCtx, checked: Checked<unknown>): void {
  if (checked.ok) return;
  ctx.addIssue({ code: "custom", message: checked.problem, params: { fix: checked.fix } });
}

/**
 * An RFC 3339 date-time with offset that names a real calendar time. The
 * pattern and format are published in /openapi.json, and `readDateTime`
 * checks the day and time ranges the pattern cannot.
 */
export const TimestampSchema = z
  .string()
  .superRefine((value, ctx) => addCheckedIssue(ctx, readDateTime(value)))
  .meta({
    format: "date-time",
    pattern: DATE_TIME_PATTERN.source,
    examples: [DATE_TIME_EXAMPLE],
  });

/** A local calendar date `YYYY-MM-DD` that exists. */
export const LocalDateSchema = z
  .string()
  .superRefine((value, ctx) => addCheckedIssue(ctx, readLocalDate(value)))
  .meta({
    format: "date",
    pattern: LOCAL_DATE_PATTERN.source,
    examples: [LOCAL_DATE_EXAMPLE],
  });
