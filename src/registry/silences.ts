import { and, asc, eq, gt, isNull, lte } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { silences } from "../db/schema";
import {
  SilenceSchema,
  silenceState,
  type Silence,
  type SilenceState,
} from "../routing/silence";

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

/** Loads the silences in force at `nowMs`, with their matchers parsed. */
export async function activeSilences(
  db: D1Database,
  nowMs: number,
): Promise<Silence[]> {
  const rows = await drizzle(db)
    .select()
    .from(silences)
    .where(
      and(
        isNull(silences.expiredAt),
        lte(silences.startsAt, nowMs),
        gt(silences.endsAt, nowMs),
      ),
    );
  return rows
    .map(toSilence)
    .filter((s) => silenceState(s, nowMs) === "active");
}
