/**
 * Holiday effects: for every holiday and the days either side of it, how the
 * location traded in past years (closed, or a log factor on its level), with
 * priors for holidays it has not lived through yet.
 */
import { holidaysBetween, type HolidayType } from "../calendar";
import { dateOfDay, dayOfDate } from "./local-time";

/** Position of a day relative to its holiday. */
export type HolidayOffset = -1 | 0 | 1;

/** A day that is a holiday or next to one. */
export interface HolidayTag {
  key: string;
  type: HolidayType;
  offset: HolidayOffset;
}

/** Effect of one holiday day on the location. */
export interface HolidayEffect {
  logFactor: number;
  /** Extra sd of the log day multiplier on this day. */
  extraSd: number;
  /** Probability the location closes although no closure is known. */
  closedProbability: number;
}

/** Weight of the prior against observed years. */
const PRIOR_WEIGHT = 0.5;
/** Unlearned public holidays: as likely closed as open. */
const PUBLIC_HOLIDAY_CLOSED_PRIOR = 0.5;
/** Extra log sd on a holiday, or next to one, with no history. */
const UNLEARNED_HOLIDAY_SD = 0.3;
const UNLEARNED_NEIGHBOUR_SD = 0.2;
/** Extra log sd with history: a floor plus a term shrinking with years. */
const LEARNED_SD_FLOOR = 0.12;
const LEARNED_SD_PER_YEAR = 0.18;
/**
 * Year-to-year variation of a learned holiday effect, as a share of its
 * size: a holiday that halves trade may cost 40% one year and 60% the next.
 */
const EFFECT_VARIATION_SHARE = 0.3;
/** Below this share of its level a traded holiday counts as closed. */
const CLOSED_RATIO = 0.05;

function keyOf(name: string, offset: HolidayOffset): string {
  return offset === 0 ? name : `${name}|${offset < 0 ? "before" : "after"}`;
}

/**
 * Tags local days from `firstDay` for `dayCount` days. A day that is itself
 * a holiday keeps that tag over being next to another one.
 */
export function tagHolidayDays(
  country: string | undefined,
  subdivision: string | undefined,
  firstDay: number,
  dayCount: number,
): (HolidayTag | undefined)[] {
  const tags: (HolidayTag | undefined)[] = new Array(dayCount).fill(undefined);
  if (!country || dayCount <= 0) return tags;
  const holidays = holidaysBetween(
    country,
    subdivision,
    dateOfDay(firstDay - 1),
    dateOfDay(firstDay + dayCount),
  );
  const place = (d: number, tag: HolidayTag) => {
    if (d < 0 || d >= dayCount) return;
    const current = tags[d];
    if (!current || Math.abs(tag.offset) < Math.abs(current.offset)) tags[d] = tag;
  };
  for (const holiday of holidays) {
    const d = dayOfDate(holiday.date) - firstDay;
    for (const offset of [0, -1, 1] as const) {
      const key = keyOf(holiday.name, offset);
      place(d + offset, { key, type: holiday.type, offset });
    }
  }
  return tags;
}

/** One past occurrence of a holiday tag at the location. */
export interface HolidayObservation {
  key: string;
  /** Log of the day total over its expected level; null when closed. */
  logFactor: number | null;
}

/**
 * Collects observations from tagged training days: known-closed days and
 * near-zero days count as closures, the rest give a log factor.
 */
export function observeHolidays(
  tags: (HolidayTag | undefined)[],
  logRatio: Float64Array,
  localLevel: Float64Array,
  knownClosed: Uint8Array,
  traded: Uint8Array,
): HolidayObservation[] {
  const observations: HolidayObservation[] = [];
  for (let d = 0; d < logRatio.length; d++) {
    const tag = tags[d];
    if (!tag) continue;
    if (knownClosed[d]) {
      observations.push({ key: tag.key, logFactor: null });
      continue;
    }
    if (!traded[d] || !Number.isFinite(logRatio[d])) continue;
    const factor = logRatio[d] - localLevel[d];
    const closed = factor < Math.log(CLOSED_RATIO);
    observations.push({ key: tag.key, logFactor: closed ? null : factor });
  }
  return observations;
}

/** Combines observations and priors into the effect of one tag. */
export function effectOf(
  tag: HolidayTag,
  observations: HolidayObservation[],
  daySpread = NaN,
): HolidayEffect {
  const prior = tag.offset === 0 && tag.type === "public"
    ? PUBLIC_HOLIDAY_CLOSED_PRIOR
    : 0;
  const closedCount = observations.filter((o) => o.logFactor === null).length;
  const factors = observations
    .map((o) => o.logFactor)
    .filter((f): f is number => f !== null);
  const closedProbability =
    (closedCount + PRIOR_WEIGHT * prior) / (observations.length + PRIOR_WEIGHT);
  if (factors.length === 0) {
    const extraSd = tag.offset === 0 ? UNLEARNED_HOLIDAY_SD : UNLEARNED_NEIGHBOUR_SD;
    return { logFactor: 0, extraSd, closedProbability };
  }
  const mean = factors.reduce((s, f) => s + f, 0) / factors.length;
  const logFactor = (mean * factors.length) / (factors.length + PRIOR_WEIGHT);
  // The effect is known to within one day's spread per observed year, plus
  // how much such an effect varies from year to year.
  const extraSd = Number.isFinite(daySpread)
    ? Math.hypot(EFFECT_VARIATION_SHARE * mean, daySpread / Math.sqrt(factors.length))
    : LEARNED_SD_FLOOR + LEARNED_SD_PER_YEAR / Math.sqrt(factors.length);
  return { logFactor, extraSd, closedProbability };
}
