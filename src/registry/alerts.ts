import { and, desc, eq, gte, inArray, or, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { AlertEventSchema, type AlertEvent } from "../alerts/alert-event";
import { alerts } from "../db/schema";

/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;

// A newer event replaces the stored one. At the same `updatedAt`, only a
// resolution may replace a firing event, so a redelivered firing event can
// never reopen an alert that has resolved.
const UPSERT_SQL = `
INSERT INTO alerts (fingerprint, anomaly_id, location_id, type, category,
  severity, status, region, event, started_at, updated_at, ended_at,
  receivers, received_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT (fingerprint) DO UPDATE SET
  severity = excluded.severity, status = excluded.status,
  region = excluded.region, event = excluded.event,
  updated_at = excluded.updated_at, ended_at = excluded.ended_at,
  receivers = excluded.receivers, received_at = excluded.received_at,
  route_error = NULL
WHERE excluded.updated_at > alerts.updated_at
  OR (excluded.updated_at = alerts.updated_at
      AND (excluded.status = alerts.status OR excluded.status = 'resolved'))
RETURNING fingerprint`;

function upsertStatement(
  db: D1Database,
  event: AlertEvent,
  receivers: readonly string[],
  nowMs: number,
): D1PreparedStatement {
  return db.prepare(UPSERT_SQL).bind(
    event.fingerprint,
    event.anomalyId,
    event.location.id,
    event.type,
    event.category,
    event.severity,
    event.status,
    event.location.region,
    JSON.stringify(event),
    Date.parse(event.startedAt.utc),
    Date.parse(event.updatedAt),
    event.endedAt === undefined ? null : Date.parse(event.endedAt),
    JSON.stringify(receivers),
    nowMs,
  );
}

/** One event to store, with the receivers routing sent it to. */
export interface AlertWrite {
  event: AlertEvent;
  receivers: readonly string[];
}

/**
 * Stores the latest event of each alert in one batch. Returns, per write,
 * whether the event is now the stored one. False means the write is stale,
 * because a newer event or the resolution was stored before.
 */
export async function recordAlertEvents(
  db: D1Database,
  writes: readonly AlertWrite[],
  nowMs: number,
): Promise<boolean[]> {
  if (writes.length === 0) return [];
  const statements = writes.map((w) =>
    upsertStatement(db, w.event, w.receivers, nowMs),
  );
  const results = await db.batch<{ fingerprint: string }>(statements);
  return results.map((result) => result.results.length > 0);
}

/** Marks an alert whose routing failed on every attempt. */
export async function recordRouteFailure(
  db: D1Database,
  event: AlertEvent,
  reason: string,
  nowMs: number,
): Promise<void> {
  await recordAlertEvents(db, [{ event, receivers: [] }], nowMs);
  await drizzle(db)
    .update(alerts)
    .set({ routeError: reason })
    .where(eq(alerts.fingerprint, event.fingerprint));
}

/** The cause, if any, of a firing alert being left out of its group's notification. */
export interface MutingUpdate {
  fingerprint: string;
  silencedBy: string[] | null;
  inhibitedBy: string | null;
}

/** Records which silences or inhibiting alert muted each alert. */
export async function recordMuting(
  db: D1Database,
  updates: readonly MutingUpdate[],
): Promise<void> {
  if (updates.length === 0) return;
  const orm = drizzle(db);
  const statements = updates.map((u) =>
    orm
      .update(alerts)
      .set({ silencedBy: u.silencedBy, inhibitedBy: u.inhibitedBy })
      .where(eq(alerts.fingerprint, u.fingerprint)),
  );
  const [first, ...rest] = statements;
  await orm.batch([first, ...rest]);
}

function parseEvents(rows: { event: unknown }[]): AlertEvent[] {
  // Rows were validated on the way in; parsing again guards schema drift.
  return rows.map((row) => AlertEventSchema.parse(row.event));
}

/**
 * Returns the alerts firing now, as inhibition sources: those at the given
 * locations, or every firing alert up to `limit` when `locationIds` is null.
 */
export async function firingAlerts(
  db: D1Database,
  locationIds: readonly string[] | null,
  limit: number,
): Promise<AlertEvent[]> {
  const orm = drizzle(db);
  const firing = eq(alerts.status, "firing");
  if (locationIds === null) {
    const rows = await orm
      .select({ event: alerts.event })
      .from(alerts)
      .where(firing)
      .limit(limit);
    return parseEvents(rows);
  }
  const events: AlertEvent[] = [];
  for (let i = 0; i < locationIds.length; i += IDS_PER_QUERY) {
    const ids = locationIds.slice(i, i + IDS_PER_QUERY);
    const rows = await orm
      .select({ event: alerts.event })
      .from(alerts)
      .where(and(firing, inArray(alerts.locationId, ids)));
    events.push(...parseEvents(rows));
  }
  return events;
}

/** Filters of the alert list; every one is optional. */
export interface AlertFilter {
  status?: "firing" | "resolved";
  category?: string;
  type?: string;
  locationId?: string;
  region?: string;
  /**
   * Resolved alerts last received before this are left out. Receipt time,
   * not event time, so alerts from a replay of history are listed too.
   */
  resolvedSinceMs: number;
  limit: number;
}

export type AlertRow = typeof alerts.$inferSelect;

/** Lists firing alerts and recently resolved ones, last received first. */
export async function listAlerts(
  db: D1Database,
  filter: AlertFilter,
): Promise<AlertRow[]> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(alerts.status, filter.status));
  if (filter.category) conditions.push(eq(alerts.category, filter.category));
  if (filter.type) conditions.push(eq(alerts.type, filter.type));
  if (filter.locationId) {
    conditions.push(eq(alerts.locationId, filter.locationId));
  }
  if (filter.region) conditions.push(eq(alerts.region, filter.region));
  const recent = or(
    eq(alerts.status, "firing"),
    gte(alerts.receivedAt, filter.resolvedSinceMs),
  );
  if (recent) conditions.push(recent);
  return drizzle(db)
    .select()
    .from(alerts)
    .where(and(...conditions))
    .orderBy(desc(alerts.receivedAt), alerts.fingerprint)
    .limit(filter.limit);
}
