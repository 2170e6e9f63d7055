import { and, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { notifications } from "../db/schema";

export const NOTIFICATION_STATUSES = [
  "pending",
  "queued",
  "retrying",
  "delivered",
  "dead",
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;

/**
 * Inserts notifications as `pending` unless a row with the same id exists,
 * and returns the status of every id afterwards. A flush that is retried
 * gets the rows it wrote before, and enqueues only those still pending.
 */
export async function insertNotifications(
  db: D1Database,
  rows: readonly NewNotification[],
): Promise<Map<string, NotificationStatus>> {
  const orm = drizzle(db);
  const statuses = new Map<string, NotificationStatus>();
  for (const row of rows) {
    // One statement per row, because a row contains the whole group's alerts.
    const inserted = await orm
      .insert(notifications)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    if (inserted.length > 0) statuses.set(row.id, "pending");
  }
  const existing = rows.map((r) => r.id).filter((id) => !statuses.has(id));
  if (existing.length === 0) return statuses;
  // One row per channel of a receiver, so at most 10 ids are bound here.
  const found = await orm
    .select({ id: notifications.id, status: notifications.status })
    .from(notifications)
    .where(inArray(notifications.id, existing));
  for (const r of found) statuses.set(r.id, r.status as NotificationStatus);
  return statuses;
}

/** Marks pending notifications as queued once their messages are sent. */
export async function markQueued(
  db: D1Database,
  ids: readonly string[],
  nowMs: number,
): Promise<void> {
  if (ids.length === 0) return;
  await drizzle(db)
    .update(notifications)
    .set({ status: "queued", updatedAt: nowMs })
    .where(
      and(
        inArray(notifications.id, [...ids]),
        eq(notifications.status, "pending"),
      ),
    );
}

/** Returns one notification, or undefined. */
export async function getNotification(
  db: D1Database,
  id: string,
): Promise<NotificationRow | undefined> {
  return drizzle(db)
    .select()
    .from(notifications)
    .where(eq(notifications.id, id))
    .get();
}

/** The outcome of one delivery attempt, as the log records it. */
export interface AttemptRecord {
  attempts: number;
  status: "retrying" | "delivered";
  lastStatus: number | null;
  /** Already free of URLs and secrets. */
  lastError: string | null;
  nowMs: number;
}

/** Records an attempt; a delivered notification is never set back. */
export async function recordAttempt(
  db: D1Database,
  id: string,
  attempt: AttemptRecord,
): Promise<void> {
  const delivered = attempt.status === "delivered";
  await drizzle(db)
    .update(notifications)
    .set({
      status: attempt.status,
      attempts: attempt.attempts,
      lastStatus: attempt.lastStatus,
      lastError: attempt.lastError,
      updatedAt: attempt.nowMs,
      ...(delivered ? { deliveredAt: attempt.nowMs } : {}),
    })
    .where(
      and(
        eq(notifications.id, id),
        inArray(notifications.status, ["pending", "queued", "retrying"]),
      ),
    );
}

/** Marks a notification dead with the reason it will not be delivered. */
export async function markDead(
  db: D1Database,
  id: string,
  deadReason: string,
  nowMs: number,
): Promise<void> {
  await drizzle(db)
    .update(notifications)
    .set({ status: "dead", deadReason, updatedAt: nowMs })
    .where(
      and(eq(notifications.id, id), inArray(notifications.status, [
        "pending",
        "queued",
        "retrying",
      ])),
    );
}

/** The channel a replayed notification is sent through. */
export interface ReplayTarget {
  routingVersion: number;
  channelIndex: number;
  endpoint: string;
}

/**
 * Puts a dead notification back in the queued state with no attempts, for
 * a replay. Returns false when it was not dead, so nothing is sent twice.
 */
export async function requeueDead(
  db: D1Database,
  id: string,
  target: ReplayTarget,
  nowMs: number,
): Promise<boolean> {
  const updated = await drizzle(db)
    .update(notifications)
    .set({
      ...target,
      status: "queued",
      attempts: 0,
      deadReason: null,
      updatedAt: nowMs,
    })
    .where(and(eq(notifications.id, id), eq(notifications.status, "dead")))
    .returning({ id: notifications.id });
  return updated.length > 0;
}

/** Filters of the notification list. */
export interface NotificationFilter {
  status?: NotificationStatus;
  receiver?: string;
  groupKey?: string;
  /** Only rows created before this instant: the cursor of the next page. */
  beforeMs?: number;
  limit: number;
}

/** Lists notifications, newest first. */
export async function listNotifications(
  db: D1Database,
  filter: NotificationFilter,
): Promise<NotificationRow[]> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(notifications.status, filter.status));
  if (filter.receiver) {
    conditions.push(eq(notifications.receiver, filter.receiver));
  }
  if (filter.groupKey) {
    conditions.push(eq(notifications.groupKey, filter.groupKey));
  }
  if (filter.beforeMs !== undefined) {
    conditions.push(lt(notifications.createdAt, filter.beforeMs));
  }
  return drizzle(db)
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(filter.limit);
}
