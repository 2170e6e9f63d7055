import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { locations } from "../db/schema";
import {
  LocationInputSchema,
  toProfile,
  type LocationInput,
  type LocationProfile,
} from "../domain/location";
import { currencyExponent } from "../domain/money";
import { rememberLocation } from "./location-cache";

/** D1 binds at most 100 parameters per statement; a row binds 15. */
const ROWS_PER_INSERT = 6;

type LocationRow = typeof locations.$inferSelect;

/** Converts a stored row back to the API's shape. */
export function rowToInput(row: LocationRow): LocationInput {
  return LocationInputSchema.parse({
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    country: row.country ?? undefined,
    subdivision: row.subdivision ?? undefined,
    region: row.region ?? undefined,
    tags: row.tags,
    currency: row.currency,
    openingHours: row.openingHours ?? undefined,
    exceptions: row.exceptions ?? [],
    eventDays: row.eventDays ?? [],
    closedOnPublicHolidays: row.closedOnPublicHolidays,
  });
}

/** Inserts or updates locations; returns the profiles to push to objects. */
export async function upsertLocations(
  db: D1Database,
  inputs: LocationInput[],
  now: number,
): Promise<LocationProfile[]> {
  const orm = drizzle(db);
  const statements = [];
  for (let i = 0; i < inputs.length; i += ROWS_PER_INSERT) {
    const values = inputs.slice(i, i + ROWS_PER_INSERT).map((input) => ({
      id: input.id,
      name: input.name,
      timezone: input.timezone,
      country: input.country ?? null,
      subdivision: input.subdivision ?? null,
      region: input.region ?? null,
      currency: input.currency,
      tags: input.tags,
      openingHours: input.openingHours ?? null,
      exceptions: input.exceptions,
      eventDays: input.eventDays,
      closedOnPublicHolidays: input.closedOnPublicHolidays,
      createdAt: now,
      updatedAt: now,
    }));
    statements.push(
      orm
        .insert(locations)
        .values(values)
        .onConflictDoUpdate({
          target: locations.id,
          set: {
            name: sqlExcluded("name"),
            timezone: sqlExcluded("timezone"),
            country: sqlExcluded("country"),
            subdivision: sqlExcluded("subdivision"),
            region: sqlExcluded("region"),
            currency: sqlExcluded("currency"),
            tags: sqlExcluded("tags"),
            openingHours: sqlExcluded("opening_hours"),
            exceptions: sqlExcluded("exceptions"),
            eventDays: sqlExcluded("event_days"),
            closedOnPublicHolidays: sqlExcluded("closed_on_public_holidays"),
            updatedAt: now,
          },
        }),
    );
  }
  if (statements.length > 0) {
    await orm.batch(statements as [(typeof statements)[0], ...typeof statements]);
  }
  for (const input of inputs) {
    rememberLocation(
      {
        id: input.id,
        timezone: input.timezone,
        currency: input.currency,
        currencyExponent: currencyExponent(input.currency) ?? 2,
      },
      now,
    );
  }
  return inputs.map((input) => toProfile(input, now));
}

function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}

/** Reads one location, or undefined. */
export async function getLocation(db: D1Database, id: string) {
  const row = (await drizzle(db).select().from(locations).where(eq(locations.id, id)))[0];
  return row ? rowToInput(row) : undefined;
}

/** Lists locations ordered by id, after `cursor`, optionally in one region. */
export async function listLocations(
  db: D1Database,
  options: { region?: string; cursor?: string; limit: number; ids?: string[] },
) {
  const conditions = [];
  if (options.region) conditions.push(eq(locations.region, options.region));
  if (options.cursor) conditions.push(gt(locations.id, options.cursor));
  if (options.ids) conditions.push(inArray(locations.id, options.ids));
  const rows = await drizzle(db)
    .select()
    .from(locations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(locations.id))
    .limit(options.limit);
  return rows.map(rowToInput);
}
