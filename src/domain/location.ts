import { z } from "zod";
import { isValidTimeZone } from "../time/zone";
import { currencyExponent } from "./money";
import {
  HoursExceptionSchema,
  WeeklyHoursSchema,
  type OpeningSchedule,
} from "./opening-hours";

export const LOCATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export const LocationIdSchema = z
  .string()
  .regex(LOCATION_ID, "expected 1 to 64 letters, digits, '.', '_', ':' or '-'");

/** A location as registered through the API. */
/** One local date's known covariates, each 0 or 1. */
export const EventDaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a local date YYYY-MM-DD"),
  events: z.record(
    z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "expected a snake_case name such as promo"),
    z.union([z.literal(0), z.literal(1)]),
  ),
});

export const LocationInputSchema = z.object({
  id: LocationIdSchema,
  name: z.string().min(1).max(200),
  timezone: z
    .string()
    .refine(isValidTimeZone, "unknown IANA time zone; use a name such as Europe/Berlin"),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code such as DE")
    .optional(),
  /** ISO 3166-2 subdivision suffix for regional holidays, e.g. BY for Bavaria. */
  subdivision: z.string().regex(/^[A-Z0-9]{1,3}$/).optional(),
  region: z.string().min(1).max(100).optional(),
  tags: z.array(z.string().min(1).max(64)).max(32).default([]),
  currency: z
    .string()
    .refine((c) => currencyExponent(c) !== null, "expected an ISO 4217 code such as EUR"),
  openingHours: WeeklyHoursSchema.optional(),
  exceptions: z.array(HoursExceptionSchema).max(1000).default([]),
  /**
   * Dated known covariates, such as promotion days or school holidays, that
   * the model uses when it scores those local dates live.
   */
  eventDays: z.array(EventDaySchema).max(1000).default([]),
  /** Closed on the country's public holidays unless an exception opens it. */
  closedOnPublicHolidays: z.boolean().default(false),
});
export type LocationInput = z.infer<typeof LocationInputSchema>;

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
