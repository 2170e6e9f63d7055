import { asc, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { silences } from "../db/schema";
import {
  SilenceSchema,
  silenceState,
  type Silence,
  type SilenceState,
} from "../routing/silence";

/**
 * How long an isolate reuses the silences it read. A silence created or
 * expired applies at once in its own isolate and within this elsewhere.
 */
export const SILENCES_RECHECK_MS = 1_000;

let silencesSeen: { silences: Promise<Silence[]>; atMs: number } | null = null;

function forgetSilences(): void {
  silencesSeen = null;
}

/** A silence as stored: matchers as written, instants in epoch ms. */
export type SilenceRow = typeof silences.$inferSelect;

/** Fields of a new silence; `matchers` as written, already validated. */
export interface NewSilence {
  matchers: string[];
  startsAtMs: number;
  endsAtMs: number;
  createdBy: string;
  comment: string;
}

/** Stores a silence and returns its row. */
export async function createSilence(
  db: D1Database,
  silence: NewSilence,
  nowMs: number,
): Promise<SilenceRow> {
  const row: SilenceRow = {
    id: `sil_${crypto.randomUUID()}`,
    matchers: silence.matchers,
    startsAt: silence.startsAtMs,
    endsAt: silence.endsAtMs,
    createdBy: silence.createdBy,
    comment: silence.comment,
    createdAt: nowMs,
    expiredAt: null,
  };
  await drizzle(db).insert(silences).values(row);
  forgetSilences();
  return row;
}

/** Returns a silence's state at `nowMs` from its stored row. */
export function rowState(row: SilenceRow, nowMs: number): SilenceState {
  if (row.expiredAt !== null && row.expiredAt <= nowMs) return "expired";
  if (nowMs < row.startsAt) return "pending";
  return nowMs >= row.endsAt ? "expired" : "active";
}

/** Lists silences ordered by start, newest last. */
export async function listSilences(db: D1Database): Promise<SilenceRow[]> {
  return drizzle(db).select().from(silences).orderBy(asc(silences.startsAt));
}

/**
 * Expires a silence now: it stops muting at once and stays listed. Returns
 * the updated row, or null when there is no such silence.
 */
export async function expireSilence(
  db: D1Database,
  id: string,
  nowMs: number,
): Promise<SilenceRow | null> {
  const orm = drizzle(db);
  const row = await orm.select().from(silences).where(eq(silences.id, id)).get();
  if (!row) return null;
  if (rowState(row, nowMs) === "expired") return row;
  const endsAt = Math.min(row.endsAt, nowMs);
  await orm
    .update(silences)
    .set({ expiredAt: nowMs, endsAt })
    .where(eq(silences.id, id));
  forgetSilences();
  return { ...row, expiredAt: nowMs, endsAt };
}

function toSilence(row: SilenceRow): Silence {
  return SilenceSchema.parse({
    id: row.id,
    matchers: row.matchers,
    startsAt: new Date(row.startsAt).toISOString(),
    endsAt: new Date(row.endsAt).toISOString(),
    createdBy: row.createdBy,
    comment: row.comment,
  });
}

async function readUnexpired(db: D1Database): Promise<Silence[]> {
  const rows = await drizzle(db)
    .select()
    .from(silences)
    .where(isNull(silences.expiredAt));
  return rows.map(toSilence);
}

/**
 * Loads the silences in force at `nowMs`, with their matchers parsed. Every
 * unexpired silence is read, at most once per `SILENCES_RECHECK_MS` in each
 * isolate, and judged against `nowMs` here, so `nowMs` may be any instant.
 */
export async function activeSilences(
  db: D1Database,
  nowMs: number,
): Promise<Silence[]> {
  const wallMs = Date.now();
  if (!silencesSeen || wallMs - silencesSeen.atMs >= SILENCES_RECHECK_MS) {
    const loaded = readUnexpired(db);
    silencesSeen = { silences: loaded, atMs: wallMs };
    // A failed read must not be reused by the next caller.
    loaded.catch(forgetSilences);
  }
  const all = await silencesSeen.silences;
  return all.filter((s) => silenceState(s, nowMs) === "active");
}
