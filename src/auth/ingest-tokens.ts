import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { ingestTokens } from "../db/schema";
import { randomToken, secretsEqual, sha256Hex } from "./crypto";

/**
 * Ingest tokens look like `swi_<16 hex id>.<43 char secret>`. The id finds the
 * row; only the SHA-256 of the secret is stored.
 */
const TOKEN_FORMAT = /^swi_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
/** A revoked token keeps working in an isolate for at most this long. */
const CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface TokenRecord {
  secretHash: string;
  locationIds: string[] | null;
  revoked: boolean;
}

const cache = new Map<string, { record: TokenRecord | null; fetchedAt: number }>();

/** The scope of a verified ingest token. */
export interface IngestScope {
  tokenId: string;
  /** Locations the token may post for, or null for all. */
  locationIds: string[] | null;
}

/** Creates a token and returns it whole; this is the only time it is shown. */
export async function createIngestToken(
  db: D1Database,
  options: { label?: string; locationIds: string[] | null },
  now: number,
): Promise<{ id: string; token: string }> {
  const id = [...crypto.getRandomValues(new Uint8Array(8))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  const secret = randomToken(32);
  await drizzle(db).insert(ingestTokens).values({
    id,
    secretHash: await sha256Hex(secret),
    label: options.label ?? null,
    locationIds: options.locationIds,
    createdAt: now,
  });
  return { id, token: `swi_${id}.${secret}` };
}

/** Marks a token revoked; returns false when no such token exists. */
export async function revokeIngestToken(db: D1Database, id: string, now: number) {
  const rows = await drizzle(db)
    .update(ingestTokens)
    .set({ revokedAt: now })
    .where(eq(ingestTokens.id, id))
    .returning({ id: ingestTokens.id });
  cache.delete(id);
  return rows.length > 0;
}

async function loadRecord(db: D1Database, id: string, now: number) {
  const entry = cache.get(id);
  if (entry && now - entry.fetchedAt < CACHE_TTL_MS) return entry.record;
  const row = (
    await drizzle(db).select().from(ingestTokens).where(eq(ingestTokens.id, id))
  )[0];
  const record = row
    ? { secretHash: row.secretHash, locationIds: row.locationIds ?? null, revoked: row.revokedAt !== null }
    : null;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(id, { record, fetchedAt: now });
  return record;
}

/**
 * Verifies an ingest token. Returns its scope, or null when the token is
 * malformed, unknown, revoked or wrong. Steady-state requests read the
 * isolate cache, not D1.
 */
export async function verifyIngestToken(
  db: D1Database,
  token: string,
  now: number,
): Promise<IngestScope | null> {
  const match = TOKEN_FORMAT.exec(token);
  if (!match) return null;
  const [, id, secret] = match;
  const record = await loadRecord(db, id, now);
  if (!record || record.revoked) return null;
  const ok = await secretsEqual(await sha256Hex(secret), record.secretHash);
  return ok ? { tokenId: id, locationIds: record.locationIds } : null;
}
