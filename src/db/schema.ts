import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/** Registered locations (stores). JSON columns hold validated documents. */
export const locations = sqliteTable(
  "locations",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull(),
    country: text("country"),
    subdivision: text("subdivision"),
    region: text("region"),
    currency: text("currency").notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    openingHours: text("opening_hours", { mode: "json" }),
    exceptions: text("exceptions", { mode: "json" }),
    eventDays: text("event_days", { mode: "json" }),
    closedOnPublicHolidays: integer("closed_on_public_holidays", {
      mode: "boolean",
    })
      .notNull()
      .default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [index("locations_region").on(table.region)],
);

/** Ingest tokens: only the SHA-256 of the secret part is kept. */
export const ingestTokens = sqliteTable("ingest_tokens", {
  id: text("id").primaryKey(),
  secretHash: text("secret_hash").notNull(),
  label: text("label"),
  /** Location ids the token may post for, or null for every location. */
  locationIds: text("location_ids", { mode: "json" }).$type<string[] | null>(),
  createdAt: integer("created_at").notNull(),
  revokedAt: integer("revoked_at"),
});

/** Every trained candidate, promoted or not. */
export const modelVersions = sqliteTable(
  "model_versions",
  {
    id: text("id").primaryKey(),
    locationId: text("location_id").notNull(),
    metric: text("metric").notNull(),
    grain: text("grain").notNull(),
    version: integer("version").notNull(),
    trainedThroughMs: integer("trained_through_ms").notNull(),
    holdoutMetrics: text("holdout_metrics", { mode: "json" }),
    status: text("status").notNull(),
    statusReason: text("status_reason"),
    r2Key: text("r2_key"),
    codeVersion: text("code_version").notNull(),
    runId: text("run_id"),
    jobKey: text("job_key"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("model_versions_version").on(
      table.locationId,
      table.metric,
      table.grain,
      table.version,
    ),
    uniqueIndex("model_versions_job").on(
      table.jobKey,
      table.metric,
      table.grain,
    ),
  ],
);

/** The live model version per location, metric and grain. */
export const liveModels = sqliteTable(
  "live_models",
  {
    locationId: text("location_id").notNull(),
    metric: text("metric").notNull(),
    grain: text("grain").notNull(),
    version: integer("version").notNull(),
    previousVersion: integer("previous_version"),
    promotedAt: integer("promoted_at").notNull(),
    promotedBy: text("promoted_by").notNull(),
    /** Set when the location's object has confirmed it loaded this version. */
    deliveredAt: integer("delivered_at"),
  },
  (table) => [
    primaryKey({ columns: [table.locationId, table.metric, table.grain] }),
  ],
);

/** Audit trail of promotions and rollbacks. */
export const modelEvents = sqliteTable(
  "model_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    locationId: text("location_id").notNull(),
    metric: text("metric").notNull(),
    grain: text("grain").notNull(),
    action: text("action").notNull(),
    fromVersion: integer("from_version"),
    toVersion: integer("to_version").notNull(),
    actor: text("actor").notNull(),
    reason: text("reason"),
    at: integer("at").notNull(),
    /** Set for the trainer's promotions, so a duplicated job records one. */
    jobKey: text("job_key"),
  },
  (table) => [
    uniqueIndex("model_events_job").on(table.jobKey, table.metric, table.grain),
  ],
);

/** A training run: one cron tick or one manual request. */
export const trainingRuns = sqliteTable("training_runs", {
  id: text("id").primaryKey(),
  trigger: text("trigger").notNull(),
  selector: text("selector", { mode: "json" }),
  jobCount: integer("job_count").notNull(),
  createdAt: integer("created_at").notNull(),
  requestedBy: text("requested_by").notNull(),
});

/** One training job (a location) of a run, with its outcome per metric. */
export const trainingJobs = sqliteTable(
  "training_jobs",
  {
    runId: text("run_id").notNull(),
    locationId: text("location_id").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    outcome: text("outcome", { mode: "json" }),
    error: text("error"),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.runId, table.locationId] }),
    index("training_jobs_location").on(table.locationId, table.updatedAt),
  ],
);

/**
 * Versioned routing documents; the highest version is in force. The uploaded
 * document is kept only sealed (AES-GCM under a key derived from
 * `SECRETS_KEY`), because its channels carry webhook URLs and signing
 * secrets; `redacted` is the same document with those shown redacted.
 */
export const routingDocuments = sqliteTable("routing_documents", {
  version: integer("version").primaryKey(),
  sealed: text("sealed").notNull(),
  redacted: text("redacted", { mode: "json" }).notNull(),
  createdAt: integer("created_at").notNull(),
  createdBy: text("created_by").notNull(),
});

/** Silences for maintenance windows; matchers are kept as written. */
export const silences = sqliteTable(
  "silences",
  {
    id: text("id").primaryKey(),
    matchers: text("matchers", { mode: "json" }).$type<string[]>().notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    createdBy: text("created_by").notNull(),
    comment: text("comment").notNull(),
    createdAt: integer("created_at").notNull(),
    expiredAt: integer("expired_at"),
  },
  (table) => [index("silences_ends").on(table.endsAt)],
);

/** Latest state of each alert (one row per anomaly episode). */
export const alerts = sqliteTable(
  "alerts",
  {
    fingerprint: text("fingerprint").primaryKey(),
    anomalyId: text("anomaly_id").notNull(),
    locationId: text("location_id").notNull(),
    type: text("type").notNull(),
    category: text("category").notNull(),
    severity: text("severity").notNull(),
    status: text("status").notNull(),
    region: text("region").notNull(),
    event: text("event", { mode: "json" }).notNull(),
    startedAt: integer("started_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    endedAt: integer("ended_at"),
    /** Receivers the alert was routed to, by the document in force. */
    receivers: text("receivers", { mode: "json" }).$type<string[]>(),
    /** Ids of the silences muting it at its group's last flush. */
    silencedBy: text("silenced_by", { mode: "json" }).$type<string[]>(),
    /** Fingerprint of the alert inhibiting it at its group's last flush. */
    inhibitedBy: text("inhibited_by"),
    /** Set when routing failed on every attempt and the event was dropped. */
    routeError: text("route_error"),
    receivedAt: integer("received_at").notNull(),
  },
  (table) => [
    index("alerts_status").on(table.status, table.updatedAt),
    index("alerts_location").on(table.locationId, table.status),
  ],
);

/**
 * One row per notification to one channel of a receiver. The id is derived
 * from (group, receiver, state, channel), so a retried flush or a
 * redelivered message finds the row instead of notifying twice.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    groupKey: text("group_key").notNull(),
    receiver: text("receiver").notNull(),
    routingVersion: integer("routing_version").notNull(),
    channelIndex: integer("channel_index").notNull(),
    channel: text("channel").notNull(),
    /** The channel's URL redacted to host and last characters. */
    endpoint: text("endpoint").notNull(),
    reason: text("reason").notNull(),
    /** pending, queued, retrying, delivered or dead. */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    firingCount: integer("firing_count").notNull(),
    resolvedCount: integer("resolved_count").notNull(),
    /** The alerts notified, as a NotificationGroup; no URL or secret. */
    content: text("content", { mode: "json" }).notNull(),
    lastError: text("last_error"),
    lastStatus: integer("last_status"),
    deadReason: text("dead_reason"),
    decidedAt: integer("decided_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    deliveredAt: integer("delivered_at"),
  },
  (table) => [
    index("notifications_status").on(table.status, table.updatedAt),
    index("notifications_group").on(table.groupKey, table.createdAt),
  ],
);
