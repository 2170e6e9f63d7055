import { inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { locations } from "../db/schema";
import { currencyExponent } from "../domain/money";

/** What ingest needs of a location, cached per isolate. */
export interface LocationFacts {
  id: string;
  timezone: string;
  currency: string;
  currencyExponent: number;
}

/**
 * Entries live this long. A location registered in another isolate is found
 * on the first miss; a changed currency or zone is picked up within this.
 */
const CACHE_TTL_MS = 60_000;
/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;
const MAX_ENTRIES = 200_000;

const cache = new Map<string, { facts: LocationFacts; fetchedAt: number }>();

/** Records a location's facts, as after a registry write in this isolate. */
export function rememberLocation(facts: LocationFacts, now: number): void {
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(facts.id, { facts, fetchedAt: now });
}

/**
 * Looks up locations by id: from the isolate cache when fresh, otherwise one
 * D1 query per 90 missing ids. Unknown ids are absent from the result.
 */
export async function lookupLocations(
  db: D1Database,
  ids: Iterable<string>,
  now: number,
): Promise<Map<string, LocationFacts>> {
  const found = new Map<string, LocationFacts>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const entry = cache.get(id);
    if (entry && now - entry.fetchedAt < CACHE_TTL_MS) found.set(id, entry.facts);
    else missing.push(id);
  }
  for (let i = 0; i < missing.length; i += IDS_PER_QUERY) {
    const chunk = missing.slice(i, i + IDS_PER_QUERY);
    const rows = await drizzle(db)
      .select({ id: locations.id, timezone: locations.timezone, currency: locations.currency })
      .from(locations)
      .where(inArray(locations.id, chunk));
    for (const row of rows) {
      const facts = { ...row, currencyExponent: currencyExponent(row.currency) ?? 2 };
      rememberLocation(facts, now);
      found.set(row.id, facts);
    }
  }
  return found;
}
