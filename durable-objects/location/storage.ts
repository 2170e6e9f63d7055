import { METRICS } from "../../src/domain/metrics";

const metricColumns = METRICS.map((m) => `${m} INTEGER NOT NULL DEFAULT 0`).join(",\n  ");

/**
 * The location object's SQLite schema. Statements are idempotent and run in
 * the constructor, so adding a table later needs no migration step.
 */
export const SCHEMA_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // Hourly buckets keyed by the UTC start of the local hour.
  `CREATE TABLE IF NOT EXISTS buckets (
  start_ms INTEGER PRIMARY KEY,
  ${metricColumns},
  items INTEGER NOT NULL DEFAULT 0,
  last_event_ms INTEGER,
  open INTEGER,
  events TEXT,
  closed INTEGER NOT NULL DEFAULT 0,
  late_events INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT 'live'
)`,
  // Daily history from warehouse exports, keyed by local date.
  `CREATE TABLE IF NOT EXISTS daily (
  date TEXT PRIMARY KEY,
  start_ms INTEGER NOT NULL,
  ${metricColumns},
  open INTEGER,
  events TEXT
)`,
  `CREATE TABLE IF NOT EXISTS dedup (
  event_id TEXT PRIMARY KEY,
  received_ms INTEGER NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS dedup_received ON dedup (received_ms)`,
  `CREATE TABLE IF NOT EXISTS last_events (
  type TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  event_id TEXT NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS registers (
  register TEXT PRIMARY KEY,
  first_ms INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  events INTEGER NOT NULL DEFAULT 0
)`,
  `CREATE TABLE IF NOT EXISTS error_codes (
  start_ms INTEGER NOT NULL,
  code TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (start_ms, code)
)`,
  // Live models the object scores with, one per metric and grain.
  `CREATE TABLE IF NOT EXISTS models (
  metric TEXT NOT NULL,
  grain TEXT NOT NULL,
  version INTEGER NOT NULL,
  artifact TEXT NOT NULL,
  loaded_ms INTEGER NOT NULL,
  PRIMARY KEY (metric, grain)
)`,
  // Score and explanation of each closed bucket, beside the buckets.
  `CREATE TABLE IF NOT EXISTS scores (
  start_ms INTEGER NOT NULL,
  metric TEXT NOT NULL,
  grain TEXT NOT NULL,
  actual REAL,
  expected REAL NOT NULL,
  lower REAL NOT NULL,
  upper REAL NOT NULL,
  score REAL NOT NULL,
  window_buckets INTEGER,
  PRIMARY KEY (metric, grain, start_ms)
)`,
  // Detector state (recent window, lifecycle) per metric and grain.
  `CREATE TABLE IF NOT EXISTS detectors (
  metric TEXT NOT NULL,
  grain TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (metric, grain)
)`,
  // One row per alert episode; several metrics may feed one episode.
  `CREATE TABLE IF NOT EXISTS episodes (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  primary_metric TEXT NOT NULL,
  metrics TEXT NOT NULL,
  grain TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  opened_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  resolved_ms INTEGER,
  last_event TEXT NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS episodes_status ON episodes (status, key)`,
  // Alert events waiting to be put on the alerts queue (transactional outbox).
  `CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event TEXT NOT NULL
)`,
];
