/**
 * Local time in IANA zones without a date library: offsets come from
 * Intl.DateTimeFormat once per UTC day and zone, and everything else is
 * arithmetic on epoch milliseconds, so hot loops (bucketing, model fitting)
 * make no Intl call after warm-up.
 *
 * NOTE: a zone is assumed to change its UTC offset at most once per UTC day.
 * The switch is found to the next 15-minute step, so a transition off the
 * quarter hour would be placed up to 15 minutes late.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const TRANSITION_STEP_MS = 15 * MINUTE_MS;
const MAX_CACHED_DAYS_PER_ZONE = 20_000;

/** Offset of one UTC day: `before` applies until `switchMs`, then `after`. */
interface DayOffsets {
  beforeMinutes: number;
  afterMinutes: number;
  switchMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayCache = new Map<string, Map<number, DayOffsets>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Reports whether `timeZone` is an IANA zone name this runtime supports. */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    // RangeError: the runtime has no such zone.
    return false;
  }
}

function offsetFromIntl(timeZone: string, utcMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const field = (type: string) =>
    Number(parts.find((part) => part.type === type)?.value);
  const wallMs = Date.UTC(
    field("year"),
    field("month") - 1,
    field("day"),
    field("hour"),
    field("minute"),
    field("second"),
  );
  const truncated = Math.floor(utcMs / 1000) * 1000;
  return Math.round((wallMs - truncated) / MINUTE_MS);
}

function offsetsOfDay(timeZone: string, dayIndex: number): DayOffsets {
  let zoneDays = dayCache.get(timeZone);
  if (!zoneDays) {
    zoneDays = new Map();
    dayCache.set(timeZone, zoneDays);
  }
  const cached = zoneDays.get(dayIndex);
  if (cached) return cached;

  const startMs = dayIndex * DAY_MS;
  const beforeMinutes = offsetFromIntl(timeZone, startMs);
  const afterMinutes = offsetFromIntl(timeZone, startMs + DAY_MS);
  let switchMs = startMs + DAY_MS;
  if (beforeMinutes !== afterMinutes) {
    // Binary search for the first 15-minute step with the new offset.
    let low = 0;
    let high = DAY_MS / TRANSITION_STEP_MS;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      const probe = offsetFromIntl(timeZone, startMs + middle * TRANSITION_STEP_MS);
      if (probe === beforeMinutes) low = middle;
      else high = middle;
    }
    switchMs = startMs + high * TRANSITION_STEP_MS;
  }
  const offsets = { beforeMinutes, afterMinutes, switchMs };
  if (zoneDays.size >= MAX_CACHED_DAYS_PER_ZONE) zoneDays.clear();
  zoneDays.set(dayIndex, offsets);
  return offsets;
}

/** Returns the zone's UTC offset in minutes at an instant (east positive). */
export function offsetMinutes(timeZone: string, utcMs: number): number {
  const day = offsetsOfDay(timeZone, Math.floor(utcMs / DAY_MS));
  return utcMs < day.switchMs ? day.beforeMinutes : day.afterMinutes;
}

/** Wall-clock fields of an instant in a zone. Weekday 0 is Monday. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
  /** Local calendar date as `YYYY-MM-DD`. */
  date: string;
  offsetMinutes: number;
}

/** Splits an instant into its local wall-clock fields in `timeZone`. */
export function localParts(timeZone: string, utcMs: number): LocalParts {
  const offset = offsetMinutes(timeZone, utcMs);
  const wall = new Date(utcMs + offset * MINUTE_MS);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const day = wall.getUTCDate();
  return {
    year,
    month,
    day,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: (wall.getUTCDay() + 6) % 7,
    date: formatDate(year, month, day),
    offsetMinutes: offset,
  };
}

/** Formats a calendar date as `YYYY-MM-DD`. */
export function formatDate(year: number, month: number, day: number): string {
  const mm = String(month).padStart(2, "0");
  const dd = String(day).padStart(2, "0");
  return `${String(year).padStart(4, "0")}-${mm}-${dd}`;
}

/**
 * Returns the UTC start of the local hour containing `utcMs`. The two
 * repeated hours of an autumn change get distinct starts, and zones with
 * half- or quarter-hour offsets get starts at :30 or :15 UTC.
 */
export function hourBucketStart(timeZone: string, utcMs: number): number {
  const offsetMs = offsetMinutes(timeZone, utcMs) * MINUTE_MS;
  const wallMs = utcMs + offsetMs;
  return wallMs - (((wallMs % HOUR_MS) + HOUR_MS) % HOUR_MS) - offsetMs;
}

/**
 * Converts a local wall-clock time to UTC. A time inside a spring-forward gap
 * moves forward by the gap's length (02:30 becomes 03:30), and a repeated
 * autumn time resolves to its first occurrence unless `occurrence` is 2.
 */
export function localToUtc(
  timeZone: string,
  wallMs: number,
  occurrence: 1 | 2 = 1,
): number {
  const earlier = wallMs - offsetMinutes(timeZone, wallMs - DAY_MS / 2) * MINUTE_MS;
  const later = wallMs - offsetMinutes(timeZone, wallMs + DAY_MS / 2) * MINUTE_MS;
  const candidates = [earlier, later].filter(
    (utc) => utc + offsetMinutes(timeZone, utc) * MINUTE_MS === wallMs,
  );
  if (candidates.length === 0) {
    // Gap: use the pre-transition offset, which lands after the jump.
    return earlier;
  }
  candidates.sort((a, b) => a - b);
  return occurrence === 2 && candidates.length > 1 ? candidates[1] : candidates[0];
}

/** Returns the UTC instant of local midnight starting `date` (`YYYY-MM-DD`). */
export function dayStart(timeZone: string, date: string): number {
  return localToUtc(timeZone, parseDate(date));
}

/** Parses `YYYY-MM-DD` as a UTC-midnight epoch, the wall-clock reference. */
export function parseDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`invalid date "${date}": use YYYY-MM-DD`);
  const [, year, month, day] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (formatDate(Number(year), Number(month), Number(day)) !== isoDate(ms)) {
    throw new RangeError(`invalid date "${date}": no such calendar day`);
  }
  return ms;
}

function isoDate(utcMidnightMs: number): string {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return isoDate(parseDate(date) + days * DAY_MS);
}

/** Returns the weekday of a `YYYY-MM-DD` date, 0 for Monday. */
export function weekdayOf(date: string): number {
  return (new Date(parseDate(date)).getUTCDay() + 6) % 7;
}

/** Returns the UTC starts of every local hour of `date`: 23, 24 or 25. */
export function hourBucketsOfDay(timeZone: string, date: string): number[] {
  const start = dayStart(timeZone, date);
  const end = dayStart(timeZone, addDays(date, 1));
  const starts: number[] = [];
  for (let t = start; t < end; t = hourBucketStart(timeZone, t + HOUR_MS)) {
    starts.push(t);
  }
  return starts;
}

/** Formats an instant as RFC 3339 in local time with its offset. */
export function formatLocal(timeZone: string, utcMs: number): string {
  const offset = offsetMinutes(timeZone, utcMs);
  const wall = new Date(utcMs + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const mm = String(Math.abs(offset) % 60).padStart(2, "0");
  return `${wall}${sign}${hh}:${mm}`;
}

export const TIME = { MINUTE_MS, HOUR_MS, DAY_MS } as const;
