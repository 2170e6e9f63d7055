import {
  INITIAL_THROTTLE_STATE,
  type Reservation,
  type ThrottleState,
} from "../../src/notify/throttle";

/** How long a delivered id is remembered, to drop late duplicates. */
export const DELIVERED_RETENTION_MS = 7 * 86_400_000;

/** Reservations older than this belong to requests that never came back. */
export const RESERVATION_RETENTION_MS = 15 * 60_000;

/** The throttle object's SQLite schema; every statement is idempotent. */
export const SCHEMA_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS throttle (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  blocked_until_ms INTEGER NOT NULL,
  next_free_at_ms INTEGER NOT NULL,
  last_response_at_ms INTEGER
)`,
  `CREATE TABLE IF NOT EXISTS reservations (
  notification_id TEXT PRIMARY KEY,
  slot_at_ms INTEGER NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS delivered (
  notification_id TEXT PRIMARY KEY,
  delivered_at_ms INTEGER NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS delivered_at ON delivered (delivered_at_ms)`,
];

type Row = Record<string, SqlStorageValue>;

/** Reads the pacing state, or the initial one for a new endpoint. */
export function readState(sql: SqlStorage): ThrottleState {
  const rows = sql.exec<Row>("SELECT * FROM throttle WHERE id = 1").toArray();
  const row = rows[0];
  if (!row) return INITIAL_THROTTLE_STATE;
  return {
    blockedUntilMs: Number(row.blocked_until_ms),
    nextFreeAtMs: Number(row.next_free_at_ms),
    lastResponseAtMs:
      row.last_response_at_ms === null
        ? null
        : Number(row.last_response_at_ms),
  };
}

export function writeState(sql: SqlStorage, state: ThrottleState): void {
  sql.exec(
    `INSERT INTO throttle (id, blocked_until_ms, next_free_at_ms,
       last_response_at_ms) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       blocked_until_ms = excluded.blocked_until_ms,
       next_free_at_ms = excluded.next_free_at_ms,
       last_response_at_ms = excluded.last_response_at_ms`,
    state.blockedUntilMs,
    state.nextFreeAtMs,
    state.lastResponseAtMs,
  );
}

export function readReservation(sql: SqlStorage, id: string): number | null {
  const rows = sql
    .exec<Row>(
      "SELECT slot_at_ms FROM reservations WHERE notification_id = ?",
      id,
    )
    .toArray();
  return rows[0] ? Number(rows[0].slot_at_ms) : null;
}

export function writeReservation(
  sql: SqlStorage,
  id: string,
  slotAtMs: number,
): void {
  sql.exec(
    `INSERT INTO reservations (notification_id, slot_at_ms) VALUES (?, ?)
     ON CONFLICT (notification_id) DO UPDATE SET slot_at_ms = excluded.slot_at_ms`,
    id,
    slotAtMs,
  );
}

export function deleteReservation(sql: SqlStorage, id: string): void {
  sql.exec("DELETE FROM reservations WHERE notification_id = ?", id);
}

/** Lists the reservations still worth keeping, dropping stale ones. */
export function listReservations(
  sql: SqlStorage,
  nowMs: number,
): Reservation[] {
  sql.exec(
    "DELETE FROM reservations WHERE slot_at_ms < ?",
    nowMs - RESERVATION_RETENTION_MS,
  );
  return sql
    .exec<Row>("SELECT notification_id, slot_at_ms FROM reservations")
    .toArray()
    .map((row) => ({
      notificationId: String(row.notification_id),
      slotAtMs: Number(row.slot_at_ms),
    }));
}

export function isDelivered(sql: SqlStorage, id: string): boolean {
  return (
    sql
      .exec("SELECT 1 FROM delivered WHERE notification_id = ?", id)
      .toArray().length > 0
  );
}

/** Records a delivered id and deletes those older than the retention. */
export function recordDelivered(
  sql: SqlStorage,
  id: string,
  nowMs: number,
): void {
  sql.exec(
    `INSERT OR IGNORE INTO delivered (notification_id, delivered_at_ms)
     VALUES (?, ?)`,
    id,
    nowMs,
  );
  sql.exec(
    "DELETE FROM delivered WHERE delivered_at_ms < ?",
    nowMs - DELIVERED_RETENTION_MS,
  );
}
