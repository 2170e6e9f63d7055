import { AlertEventSchema, type AlertEvent } from "../../src/alerts/alert-event";
import type { LastNotification } from "../../src/notify/decide";
import type { GroupIdentity } from "../../src/router/group-identity";

/** The group object's SQLite schema; every statement is idempotent. */
export const SCHEMA_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS group_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  identity TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  last_flush_at_ms INTEGER,
  due_at_ms INTEGER NOT NULL,
  failed_flushes INTEGER NOT NULL DEFAULT 0
)`,
  // The latest event of each alert in the group, and why it is muted.
  `CREATE TABLE IF NOT EXISTS group_alerts (
  fingerprint TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  event TEXT NOT NULL,
  muted TEXT
)`,
  `CREATE TABLE IF NOT EXISTS last_notification (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sent_at_ms INTEGER NOT NULL,
  firing TEXT NOT NULL,
  resolved TEXT NOT NULL,
  repeat_index INTEGER NOT NULL
)`,
];

type Row = Record<string, SqlStorageValue>;

/** The group's identity and timers. */
export interface GroupMeta {
  identity: GroupIdentity;
  createdAtMs: number;
  lastFlushAtMs: number | null;
  /** When the group is next due to be flushed. */
  dueAtMs: number;
  /** Flushes that failed in a row, for the retry backoff. */
  failedFlushes: number;
}

export function readMeta(sql: SqlStorage): GroupMeta | null {
  const row = sql.exec<Row>("SELECT * FROM group_meta").toArray()[0];
  if (!row) return null;
  return {
    identity: JSON.parse(String(row.identity)) as GroupIdentity,
    createdAtMs: Number(row.created_at_ms),
    lastFlushAtMs:
      row.last_flush_at_ms === null ? null : Number(row.last_flush_at_ms),
    dueAtMs: Number(row.due_at_ms),
    failedFlushes: Number(row.failed_flushes),
  };
}

export function writeMeta(sql: SqlStorage, meta: GroupMeta): void {
  sql.exec(
    `INSERT INTO group_meta (id, identity, created_at_ms, last_flush_at_ms,
       due_at_ms, failed_flushes) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET identity = excluded.identity,
       created_at_ms = excluded.created_at_ms,
       last_flush_at_ms = excluded.last_flush_at_ms,
       due_at_ms = excluded.due_at_ms,
       failed_flushes = excluded.failed_flushes`,
    JSON.stringify(meta.identity),
    meta.createdAtMs,
    meta.lastFlushAtMs,
    meta.dueAtMs,
    meta.failedFlushes,
  );
}

/** One alert of the group as stored. */
export interface StoredAlert {
  event: AlertEvent;
  /** `silenced:<ids>` or `inhibited:<fingerprint>` at the last flush. */
  muted: string | null;
}

export function readAlerts(sql: SqlStorage): StoredAlert[] {
  return sql
    .exec<Row>("SELECT event, muted FROM group_alerts ORDER BY fingerprint")
    .toArray()
    .map((row) => ({
      event: AlertEventSchema.parse(JSON.parse(String(row.event))),
      muted: row.muted === null ? null : String(row.muted),
    }));
}

/**
 * Stores an event unless a newer one of the same alert is stored. At the
 * same `updatedAt` a resolution wins, so a redelivered firing event cannot
 * reopen an alert. Returns whether the event was stored.
 */
export function upsertAlert(sql: SqlStorage, event: AlertEvent): boolean {
  const updatedAtMs = Date.parse(event.updatedAt);
  const cursor = sql.exec(
    `INSERT INTO group_alerts (fingerprint, status, updated_at_ms, event)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status,
       updated_at_ms = excluded.updated_at_ms, event = excluded.event
     WHERE excluded.updated_at_ms > group_alerts.updated_at_ms
       OR (excluded.updated_at_ms = group_alerts.updated_at_ms
           AND excluded.status = 'resolved')`,
    event.fingerprint,
    event.status,
    updatedAtMs,
    JSON.stringify(event),
  );
  return cursor.rowsWritten > 0;
}

export function writeMuted(
  sql: SqlStorage,
  fingerprint: string,
  muted: string | null,
): void {
  sql.exec(
    "UPDATE group_alerts SET muted = ? WHERE fingerprint = ?",
    muted,
    fingerprint,
  );
}

export function deleteAlerts(sql: SqlStorage, fingerprints: string[]): void {
  for (const fingerprint of fingerprints) {
    sql.exec("DELETE FROM group_alerts WHERE fingerprint = ?", fingerprint);
  }
}

export function readLast(sql: SqlStorage): LastNotification | null {
  const row = sql.exec<Row>("SELECT * FROM last_notification").toArray()[0];
  if (!row) return null;
  return {
    sentAtMs: Number(row.sent_at_ms),
    firing: JSON.parse(String(row.firing)) as string[],
    resolved: JSON.parse(String(row.resolved)) as string[],
    repeatIndex: Number(row.repeat_index),
  };
}

export function writeLast(sql: SqlStorage, last: LastNotification): void {
  sql.exec(
    `INSERT INTO last_notification (id, sent_at_ms, firing, resolved,
       repeat_index) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET sent_at_ms = excluded.sent_at_ms,
       firing = excluded.firing, resolved = excluded.resolved,
       repeat_index = excluded.repeat_index`,
    last.sentAtMs,
    JSON.stringify(last.firing),
    JSON.stringify(last.resolved),
    last.repeatIndex,
  );
}
