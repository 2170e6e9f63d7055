import type { AcceptedEvent } from "../../src/domain/event";
import { hourBucketStart } from "../../src/time/zone";

/** Counts of one share of a batch applied by a location's object. */
export interface IngestCounts {
  accepted: number;
  duplicate: number;
  /** Accepted events that landed in an already closed bucket. */
  late: number;
}

interface BucketDelta {
  transactions: number;
  sales: number;
  refunds: number;
  refund_amount: number;
  card_transactions: number;
  cash_transactions: number;
  other_transactions: number;
  heartbeats: number;
  errors: number;
  items: number;
  lastEventMs: number;
}

function emptyDelta(): BucketDelta {
  return {
    transactions: 0,
    sales: 0,
    refunds: 0,
    refund_amount: 0,
    card_transactions: 0,
    cash_transactions: 0,
    other_transactions: 0,
    heartbeats: 0,
    errors: 0,
    items: 0,
    lastEventMs: 0,
  };
}

function addEvent(delta: BucketDelta, event: AcceptedEvent): void {
  delta.lastEventMs = Math.max(delta.lastEventMs, event.atMs);
  switch (event.type) {
    case "sale":
      delta.transactions += 1;
      delta.sales += event.amountMinor;
      delta.items += event.items ?? 0;
      if (event.tender === "card") delta.card_transactions += 1;
      else if (event.tender === "cash") delta.cash_transactions += 1;
      else delta.other_transactions += 1;
      break;
    case "refund":
      delta.refunds += 1;
      delta.refund_amount += Math.abs(event.amountMinor);
      break;
    case "heartbeat":
      delta.heartbeats += 1;
      break;
    case "error":
      delta.errors += 1;
      break;
  }
}

const UPSERT_BUCKET = `INSERT INTO buckets (start_ms, transactions, sales,
  refunds, refund_amount, card_transactions, cash_transactions,
  other_transactions, heartbeats, errors, items, last_event_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (start_ms) DO UPDATE SET
  transactions = transactions + excluded.transactions,
  sales = sales + excluded.sales,
  refunds = refunds + excluded.refunds,
  refund_amount = refund_amount + excluded.refund_amount,
  card_transactions = card_transactions + excluded.card_transactions,
  cash_transactions = cash_transactions + excluded.cash_transactions,
  other_transactions = other_transactions + excluded.other_transactions,
  heartbeats = heartbeats + excluded.heartbeats,
  errors = errors + excluded.errors,
  items = items + excluded.items,
  last_event_ms = max(coalesce(last_event_ms, 0), excluded.last_event_ms),
  late_events = late_events + (CASE WHEN closed = 1 THEN 1 ELSE 0 END)`;

/**
 * Applies a location's share of a batch to its buckets. Must run inside one
 * storage transaction: the dedup keys and the bucket sums commit together,
 * so a retry after a failure neither loses nor double counts an event.
 */
export function applyEvents(
  sql: SqlStorage,
  timeZone: string,
  events: AcceptedEvent[],
  receivedMs: number,
): { counts: IngestCounts; touchedBuckets: number[] } {
  const deltas = new Map<number, BucketDelta>();
  const counts: IngestCounts = { accepted: 0, duplicate: 0, late: 0 };
  const inserted = insertDedupKeys(sql, events, receivedMs);
  const accepted: AcceptedEvent[] = [];

  for (const event of events) {
    // Only the first event with an id counts, even within one batch.
    if (!inserted.delete(event.id)) {
      counts.duplicate += 1;
      continue;
    }
    accepted.push(event);
    const start = hourBucketStart(timeZone, event.atMs);
    let delta = deltas.get(start);
    if (!delta) {
      delta = emptyDelta();
      deltas.set(start, delta);
    }
    addEvent(delta, event);
  }
  counts.accepted = accepted.length;
  recordSideFacts(sql, timeZone, accepted);
  updateTenderRuns(sql, accepted);

  const closedThrough = closedThroughMs(sql);
  for (const [start, d] of deltas) {
    if (start < closedThrough) counts.late += 1;
    sql.exec(
      UPSERT_BUCKET,
      start,
      d.transactions,
      d.sales,
      d.refunds,
      d.refund_amount,
      d.card_transactions,
      d.cash_transactions,
      d.other_transactions,
      d.heartbeats,
      d.errors,
      d.items,
      d.lastEventMs || null,
    );
    if (start < closedThrough) {
      sql.exec("UPDATE buckets SET closed = 1 WHERE start_ms = ?", start);
    }
  }
  return { counts, touchedBuckets: [...deltas.keys()] };
}

/** Rows per multi-row insert, two bound parameters each. */
const DEDUP_ROWS_PER_STATEMENT = 40;

/**
 * Inserts the batch's event ids into the dedup table, several rows per
 * statement, and returns the ids that were new.
 */
function insertDedupKeys(sql: SqlStorage, events: AcceptedEvent[], receivedMs: number): Set<string> {
  const inserted = new Set<string>();
  for (let i = 0; i < events.length; i += DEDUP_ROWS_PER_STATEMENT) {
    const chunk = events.slice(i, i + DEDUP_ROWS_PER_STATEMENT);
    const rows = chunk.map(() => "(?, ?)").join(", ");
    const args = chunk.flatMap((event) => [event.id, receivedMs]);
    const cursor = sql.exec<{ event_id: string }>(
      `INSERT OR IGNORE INTO dedup (event_id, received_ms) VALUES ${rows} RETURNING event_id`,
      ...args,
    );
    for (const row of cursor) inserted.add(row.event_id);
  }
  return inserted;
}

/**
 * Records the newest event per type, each register's activity and error
 * codes per bucket, summed over the batch so each row is written once.
 */
function recordSideFacts(sql: SqlStorage, timeZone: string, events: AcceptedEvent[]): void {
  const newest = new Map<string, AcceptedEvent>();
  const registers = new Map<string, { first: number; last: number; count: number }>();
  const codes = new Map<string, { start: number; code: string; count: number }>();
  for (const event of events) {
    const latest = newest.get(event.type);
    if (!latest || event.atMs >= latest.atMs) newest.set(event.type, event);
    if (event.register) {
      const r = registers.get(event.register) ?? { first: event.atMs, last: event.atMs, count: 0 };
      r.first = Math.min(r.first, event.atMs);
      r.last = Math.max(r.last, event.atMs);
      r.count += 1;
      registers.set(event.register, r);
    }
    if (event.type === "error" && event.code) {
      const start = hourBucketStart(timeZone, event.atMs);
      const key = `${start}|${event.code}`;
      const c = codes.get(key) ?? { start, code: event.code, count: 0 };
      c.count += 1;
      codes.set(key, c);
    }
  }
  for (const event of newest.values()) {
    sql.exec(
      `INSERT INTO last_events (type, at_ms, event_id) VALUES (?, ?, ?)
       ON CONFLICT (type) DO UPDATE SET at_ms = excluded.at_ms,
         event_id = excluded.event_id WHERE excluded.at_ms >= at_ms`,
      event.type,
      event.atMs,
      event.id,
    );
  }
  for (const [register, r] of registers) {
    sql.exec(
      `INSERT INTO registers (register, first_ms, last_ms, events)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (register) DO UPDATE SET events = events + excluded.events,
         first_ms = min(first_ms, excluded.first_ms),
         last_ms = max(last_ms, excluded.last_ms)`,
      register,
      r.first,
      r.last,
      r.count,
    );
  }
  for (const c of codes.values()) {
    sql.exec(
      `INSERT INTO error_codes (start_ms, code, count) VALUES (?, ?, ?)
       ON CONFLICT (start_ms, code) DO UPDATE SET count = count + excluded.count`,
      c.start,
      c.code,
      c.count,
    );
  }
}

/**
 * Counts sales since the last sale of each tender, in event-time order, so
 * the feed check can tell "no card sale in the last 30 sales" quickly.
 * Events older than the newest one counted are left out of the runs.
 */
function updateTenderRuns(sql: SqlStorage, events: AcceptedEvent[]): void {
  const sales = events.filter((e) => e.type === "sale").sort((a, b) => a.atMs - b.atMs);
  if (sales.length === 0) return;
  const runs = readTenderRuns(sql);
  for (const sale of sales) {
    if (sale.atMs < runs.throughMs) continue;
    runs.sinceCard = sale.tender === "card" ? 0 : runs.sinceCard + 1;
    runs.sinceCash = sale.tender === "cash" ? 0 : runs.sinceCash + 1;
    runs.throughMs = sale.atMs;
  }
  sql.exec(
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('tender_runs', ?)",
    JSON.stringify(runs),
  );
}

/** Sales counted since the last card and the last cash sale. */
export interface TenderRuns {
  sinceCard: number;
  sinceCash: number;
  throughMs: number;
}

/** Reads the tender runs kept by ingest. */
export function readTenderRuns(sql: SqlStorage): TenderRuns {
  const row = sql
    .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'tender_runs'")
    .toArray()[0];
  return row ? (JSON.parse(row.value) as TenderRuns) : { sinceCard: 0, sinceCash: 0, throughMs: 0 };
}

/** Returns the end of the last closed bucket, or 0 before the first close. */
export function closedThroughMs(sql: SqlStorage): number {
  const row = sql
    .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'closed_through_ms'")
    .toArray()[0];
  return row ? Number(row.value) : 0;
}
