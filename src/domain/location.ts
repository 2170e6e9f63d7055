import { z } from "zod";
import { isValidTimeZone } from "../time/zone";
import { currencyExponent } from "./money";
import { holidayCountryCount, holidayCountryName, holidaySubdivisions } from "./holiday-regions";
import {
  CheckedHoursExceptionSchema,
  CheckedWeeklyHoursSchema,
  HoursExceptionSchema,
  WeeklyHoursSchema,
  type OpeningSchedule,
} from "./opening-hours";
import { LocalDateSchema } from "./timestamp";

export const LOCATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export const LocationIdSchema = z
  .string()
  .regex(LOCATION_ID, "expected 1 to 64 letters, digits, '.', '_', ':' or '-'");

const EventsOfDaySchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "expected a snake_case name such as promo"),
  z.union([z.literal(0), z.literal(1)]),
);

/** One local date's known covariates, each 0 or 1. */
export const EventDaySchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a local date YYYY-MM-DD"),
  events: EventsOfDaySchema,
});

const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: "expected an ISO 3166-1 alpha-2 code in capitals, such as DE", abort: true });

/**
 * The fields of a location as registered through the API. Both schemas
 * below are strict: an unknown field is rejected, never dropped.
 */
const locationFields = {
  id: LocationIdSchema,
  name: z.string().min(1).max(200),
  timezone: z.string().refine(isValidTimeZone, {
    message: "is not an IANA time zone this runtime knows",
    params: { fix: "use a zone name such as Europe/Berlin or America/New_York" },
  }),
  country: CountrySchema.optional(),
  /** ISO 3166-2 subdivision suffix for regional holidays, e.g. BY for Bavaria. */
  subdivision: z
    .string()
    .regex(/^[A-Z0-9]{1,3}$/, "expected an ISO 3166-2 subdivision suffix in capitals, such as BY")
    .optional(),
  region: z.string().min(1).max(100).optional(),
  tags: z.array(z.string().min(1).max(64)).max(32).default([]),
  currency: z.string().refine((c) => currencyExponent(c) !== null, {
    message: "is not an ISO 4217 currency code this runtime knows",
    params: { fix: "send a code such as EUR, USD or JPY" },
  }),
  openingHours: WeeklyHoursSchema.optional(),
  exceptions: z.array(HoursExceptionSchema).max(1000).default([]),
  /**
   * Dated known covariates, such as promotion days or school holidays, that
   * the model uses when it scores those local dates live.
   */
  eventDays: z.array(EventDaySchema).max(1000).default([]),
  /** Closed on the country's public holidays unless an exception opens it. */
  closedOnPublicHolidays: z.boolean().default(false),
};

/**
 * A location's shape. The registry also reads stored rows back with it, so
 * it checks formats only. The facts registration checks (real dates, hours
 * in order, codes the holiday calendar contains) stay out of it, so a row
 * stored before those checks still reads.
 */
export const LocationInputSchema = z.strictObject(locationFields);
export type LocationInput = z.infer<typeof LocationInputSchema>;

function countryProblem(country: string): { problem: string; fix: string } | null {
  if (holidayCountryName(country)) return null;
  return {
    problem: `${JSON.stringify(country)} is not a country the holiday calendar knows`,
    fix:
      `use one of its ${holidayCountryCount()} ISO 3166-1 codes (such as DE, GB or US), ` +
      "or leave country out to model the location without public holidays",
  };
}

/** Returns why a location's subdivision is not in its country's calendar, as "problem; fix", or null. */
function subdivisionProblem(location: unknown): string | null {
  const { country, subdivision } = (location ?? {}) as { country?: unknown; subdivision?: unknown };
  if (typeof subdivision !== "string") return null;
  if (country === undefined) {
    return `subdivision ${JSON.stringify(subdivision)} is given without a country; add country, such as DE for BY`;
  }
  if (typeof country !== "string" || !holidayCountryName(country)) return null;
  const known = holidaySubdivisions(country);
  if (known.has(subdivision)) return null;
  if (known.size === 0) {
    return (
      `the holiday calendar has no subdivisions for ${country}; ` +
      "leave subdivision out to use the country's holidays"
    );
  }
  return (
    `${JSON.stringify(subdivision)} is not a subdivision of ${country} in the holiday calendar; ` +
    `use one of ${[...known.keys()].join(", ")}`
  );
}

function holidayRuleProblem(location: unknown): string | null {
  const { country, closedOnPublicHolidays } = (location ?? {}) as Record<string, unknown>;
  if (closedOnPublicHolidays !== true || country !== undefined) return null;
  return (
    "closedOnPublicHolidays is true but country is missing, so no holiday would ever close the location; " +
    "add country, or set closedOnPublicHolidays to false"
  );
}

function addDuplicateDateIssues(days: readonly { date: string }[], ctx: z.RefinementCtx): void {
  const first = new Map<string, number>();
  days.forEach((day, index) => {
    const earlier = first.get(day.date);
    if (earlier === undefined) {
      first.set(day.date, index);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: [index, "date"],
      message: `${day.date} repeats item ${earlier} of the list`,
      params: { fix: "send each date once" },
    });
  });
}

/**
 * A location as `POST /v1/locations` accepts it: the shape, plus real
 * calendar dates, weekly and exception hours in order and not overlapping,
 * each date listed once, and a country and subdivision the holiday calendar
 * contains. The two cross-field checks run even when other fields are
 * invalid, so one response lists every problem.
 */
export const LocationRegistrationSchema = z
  .strictObject({
    ...locationFields,
    country: CountrySchema.superRefine((country, ctx) => {
      const checked = countryProblem(country);
      if (checked) ctx.addIssue({ code: "custom", message: checked.problem, params: { fix: checked.fix } });
    }).optional(),
    openingHours: CheckedWeeklyHoursSchema.optional(),
    exceptions: z
      .array(CheckedHoursExceptionSchema)
      .max(1000)
      .default([])
      .superRefine(addDuplicateDateIssues),
    eventDays: z
      .array(z.strictObject({ date: LocalDateSchema, events: EventsOfDaySchema }))
      .max(1000)
      .default([])
      .superRefine(addDuplicateDateIssues),
  })
  .refine((location) => subdivisionProblem(location) === null, {
    path: ["subdivision"],
    when: () => true,
    error: (issue) => subdivisionProblem(issue.input) ?? "is not a known subdivision",
  })
  .refine((location) => holidayRuleProblem(location) === null, {
    path: ["closedOnPublicHolidays"],
    when: () => true,
    error: (issue) => holidayRuleProblem(issue.input) ?? "needs a country",
  });

/** The copy of a location its Durable Object keeps for its hot path. */
export interface LocationProfile {
  id: string;
  name: string;
  timezone: string;
  country?: string;
  subdivision?: string;
  region?: string;
  tags: string[];
  currency: string;
  currencyExponent: number;
  schedule: OpeningSchedule;
  /** Known covariates by local date `YYYY-MM-DD`. */
  eventDays?: Record<string, Record<string, 0 | 1>>;
  closedOnPublicHolidays: boolean;
  updatedAt: number;
}

/** Builds the Durable Object's copy of a registered location. */
export function toProfile(input: LocationInput, now: number): LocationProfile {
  return {
    id: input.id,
    name: input.name,
    timezone: input.timezone,
    country: input.country,
    subdivision: input.subdivision,
    region: input.region,
    tags: input.tags,
    currency: input.currency,
    currencyExponent: currencyExponent(input.currency) ?? 2,
    schedule: { weekly: input.openingHours, exceptions: input.exceptions },
    eventDays: Object.fromEntries(input.eventDays.map((day) => [day.date, day.events])),
    closedOnPublicHolidays: input.closedOnPublicHolidays,
    updatedAt: now,
  };
}
