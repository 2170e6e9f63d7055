import { DurableObject } from "cloudflare:workers";
import type { AcceptedEvent } from "../src/domain/event";
import type { LocationProfile } from "../src/domain/location";
import { METRICS, type Grain, type Metric } from "../src/domain/metrics";
import { log } from "../src/log";
import { formatLocal, hourBucketStart } from "../src/time/zone";
import { closeBuckets, nextBucketStart, openBucketStart } from "./location/clock";
import {
  writeDailyHistory,
  writeHourlyHistory,
  type HistoryRow,
} from "./location/history";
import { applyEvents, type IngestCounts } from "./location/ingest";
import {
  CLOSE_LATENESS_MS,
  DAILY_RETENTION_MS,
  DEDUP_RETENTION_MS,
  HOURLY_RETENTION_MS,
} from "./location/limits";
import { readMeta, writeMeta } from "./location/meta";
import { readDaily, readHourly, type StoredPoint } from "./location/series";
import { SCHEMA_STATEMENTS } from "./location/storage";
import { readTrainingHistory, type HistoryColumns } from "./location/training-data";
import type { ModelArtifact } from "../src/model";

/** Raised when an object is used before its location was registered. */
export class LocationNotConfigured extends Error {
  constructor(readonly locationId: string) {
    super(`location ${locationId} has no profile; register it with POST /v1/locations`);
    this.name = "LocationNotConfigured";
  }
}

/** What `getState` returns: the location's live view. */
export interface LocationState {
  locationId: string;
  timezone: string;
  now: { utc: string; local: string };
  currentBucket: {
    startUtc: string;
    startLocal: string;
    counts: Record<Metric, number>;
  };
  lastEvents: Record<string, { at: string; id: string } | undefined>;
  closedThrough: string | null;
  openAnomalies: unknown[];
  liveModels: { metric: string; grain: string; version: number }[];
}

/**
 * One object per location, addressed by the location id. It owns the hourly
 * buckets, daily history, dedup keys and (later) models and anomalies of its
 * location, all in its own SQLite storage, so ingest and scoring read nothing
 * from D1 or R2.
 */
export class LocationMonitor extends DurableObject<Env> {
  #sql: SqlStorage;
  #profile: LocationProfile | null = null;
  #alarmAt: number | null = null;
  #models = new Map<string, { version: number; artifact: ModelArtifact }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      for (const statement of SCHEMA_STATEMENTS) this.#sql.exec(statement);
      const stored = readMeta(this.#sql, "profile");
      this.#profile = stored ? (JSON.parse(stored) as LocationProfile) : null;
      this.#alarmAt = await ctx.storage.getAlarm();
      const models = this.#sql
        .exec<{ metric: string; grain: string; version: number; artifact: string }>(
          "SELECT metric, grain, version, artifact FROM models",
        )
        .toArray();
      for (const row of models) {
        this.#models.set(`${row.metric}:${row.grain}`, {
          version: row.version,
          artifact: JSON.parse(row.artifact) as ModelArtifact,
        });
      }
    });
  }

  #requireProfile(): LocationProfile {
    if (!this.#profile) throw new LocationNotConfigured(this.ctx.id.name ?? "unknown");
    return this.#profile;
  }

  /** Stores the registry's copy of the location; called on every upsert. */
  async configure(profile: LocationProfile): Promise<void> {
    writeMeta(this.#sql, "profile", JSON.stringify(profile));
    this.#profile = profile;
    await this.#ensureAlarm(Date.now());
  }

  /** Applies validated events in one transaction; duplicates are counted. */
  async ingestEvents(events: AcceptedEvent[], receivedMs: number): Promise<IngestCounts> {
    const profile = this.#requireProfile();
    const { counts } = this.ctx.storage.transactionSync(() =>
      applyEvents(this.#sql, profile.timezone, events, receivedMs),
    );
    await this.#ensureAlarm(receivedMs);
    return counts;
  }

  /** Replaces history rows (hourly buckets or daily rows) from an export. */
  async backfillHistory(grain: Grain, rows: HistoryRow[]): Promise<{ written: number }> {
    this.#requireProfile();
    const written = this.ctx.storage.transactionSync(() =>
      grain === "hour"
        ? writeHourlyHistory(this.#sql, rows)
        : writeDailyHistory(this.#sql, rows),
    );
    return { written };
  }

  /** Returns stored buckets of one metric at one grain. */
  async getSeries(
    metric: Metric,
    grain: Grain,
    fromMs: number,
    toMs: number,
  ): Promise<StoredPoint[]> {
    const profile = this.#requireProfile();
    return grain === "hour"
      ? readHourly(this.#sql, metric, fromMs, toMs)
      : readDaily(this.#sql, profile.timezone, metric, fromMs, toMs);
  }

  /** Returns the location's live view at `nowMs`. */
  async getState(nowMs: number): Promise<LocationState> {
    const profile = this.#requireProfile();
    const tz = profile.timezone;
    const current = openBucketStart(this.#sql, tz, nowMs);
    const row = this.#sql
      .exec<Record<Metric, number>>(
        `SELECT ${METRICS.join(", ")} FROM buckets WHERE start_ms = ?`,
        current,
      )
      .toArray()[0];
    const counts = Object.fromEntries(METRICS.map((m) => [m, row?.[m] ?? 0]));
    const lastEvents = Object.fromEntries(
      this.#sql
        .exec<{ type: string; at_ms: number; event_id: string }>(
          "SELECT type, at_ms, event_id FROM last_events",
        )
        .toArray()
        .map((e) => [e.type, { at: new Date(e.at_ms).toISOString(), id: e.event_id }]),
    );
    const closedThrough = readMeta(this.#sql, "closed_through_ms");
    return {
      locationId: profile.id,
      timezone: tz,
      now: { utc: new Date(nowMs).toISOString(), local: formatLocal(tz, nowMs) },
      currentBucket: {
        startUtc: new Date(current).toISOString(),
        startLocal: formatLocal(tz, current),
        counts: counts as Record<Metric, number>,
      },
      lastEvents,
      closedThrough: closedThrough
        ? new Date(Number(closedThrough)).toISOString()
        : null,
      openAnomalies: [],
      liveModels: this.#liveModels(),
    };
  }

  /**
   * Returns the closed history the trainer fits on, in columns, or null when
   * the location was never configured.
   */
  async getTrainingData(
    hourDays: number,
    dayDays: number,
  ): Promise<{
    profile: LocationProfile;
    throughMs: number;
    hour: HistoryColumns;
    day: HistoryColumns;
  } | null> {
    if (!this.#profile) return null;
    const stored = readMeta(this.#sql, "closed_through_ms");
    const throughMs = stored ? Number(stored) : hourBucketStart(this.#profile.timezone, Date.now());
    const { hour, day } = readTrainingHistory(this.#sql, this.#profile, throughMs, hourDays, dayDays);
    return { profile: this.#profile, throughMs, hour, day };
  }

  /** Replaces the live model of one metric and grain; scoring uses it next. */
  async loadModel(metric: Metric, grain: Grain, version: number, artifact: ModelArtifact): Promise<void> {
    this.#sql.exec(
      `INSERT OR REPLACE INTO models (metric, grain, version, artifact, loaded_ms)
       VALUES (?, ?, ?, ?, ?)`,
      metric,
      grain,
      version,
      JSON.stringify(artifact),
      Date.now(),
    );
    this.#models.set(`${metric}:${grain}`, { version, artifact });
  }

  /** Lists the models the object scores with. */
  #liveModels() {
    return [...this.#models].map(([key, entry]) => {
      const [metric, grain] = key.split(":");
      return { metric, grain, version: entry.version };
    });
  }

  /**
   * Moves the location's watermark: closes buckets that ended before it and
   * prunes data past retention. The alarm calls it with the wall clock.
   */
  async advanceClock(watermarkMs: number): Promise<{ closed: number }> {
    const profile = this.#requireProfile();
    const closed = this.ctx.storage.transactionSync(() => {
      const starts = closeBuckets(this.#sql, profile.timezone, watermarkMs);
      this.#prune(watermarkMs);
      return starts;
    });
    return { closed: closed.length };
  }

  async alarm(): Promise<void> {
    this.#alarmAt = null;
    if (!this.#profile) return;
    const now = Date.now();
    const { closed } = await this.advanceClock(now - CLOSE_LATENESS_MS);
    log.debug("location:alarm", { locationId: this.#profile.id, closed });
    await this.#ensureAlarm(now);
  }

  #prune(watermarkMs: number): void {
    this.#sql.exec("DELETE FROM buckets WHERE start_ms < ?", watermarkMs - HOURLY_RETENTION_MS);
    this.#sql.exec("DELETE FROM error_codes WHERE start_ms < ?", watermarkMs - HOURLY_RETENTION_MS);
    this.#sql.exec("DELETE FROM daily WHERE start_ms < ?", watermarkMs - DAILY_RETENTION_MS);
    this.#sql.exec("DELETE FROM dedup WHERE received_ms < ?", watermarkMs - DEDUP_RETENTION_MS);
  }

  /** Schedules the next alarm at the close of the bucket open at `nowMs`. */
  async #ensureAlarm(nowMs: number): Promise<void> {
    const tz = this.#requireProfile().timezone;
    const due = nextBucketStart(tz, hourBucketStart(tz, nowMs)) + CLOSE_LATENESS_MS;
    if (this.#alarmAt !== null && this.#alarmAt <= due) return;
    await this.ctx.storage.setAlarm(due);
    this.#alarmAt = due;
  }
}
