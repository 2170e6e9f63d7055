import { DurableObject } from "cloudflare:workers";
import type { AcceptedEvent } from "../src/domain/event";
import type { LocationProfile } from "../src/domain/location";
import { METRICS, type Grain, type Metric } from "../src/domain/metrics";
import { signedLocationLink } from "../src/auth/location-link";
import { log } from "../src/log";
import { addDays, dayStart, formatLocal, hourBucketStart } from "../src/time/zone";
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
import {
  readScores,
  rescoreLateBuckets,
  scoreClosedBucket,
  type LiveModel,
} from "./location/scoring";
import { checkIntervalMs, evaluateFeed } from "./location/feed-health";
import { applyFeedSignals, heldSignals } from "./location/feed-episodes";
import {
  deleteOutbox,
  listOpenEpisodes,
  readOutbox,
  recordTransitions,
} from "./location/episodes";
import type { AlertEvent } from "../src/alerts/alert-event";
import type { ModelArtifact } from "../src/model";

/** An alarm due within this lead time is left as it is (see #ensureAlarm). */
const MIN_ALARM_LEAD_MS = 60_000;

/**
 * After integration errors arrive, check this soon. Half a minute bounds
 * the cost for a location that logs errors all the time.
 */
const ERROR_RECHECK_MS = 30_000;

/** After events arrive while a feed alert is open, check again this soon. */
const FEED_RECHECK_MS = 5_000;

/** Raised when an object is used before its location was registered. */
export class LocationNotConfigured extends Error {
  constructor(readonly locationId: string) {
    super(`location ${locationId} has no profile; register it with POST /v1/locations`);
    this.name = "LocationNotConfigured";
  }
}

/** A stored bucket with its score, once a live model has scored it. */
export type ScoredPoint = StoredPoint & {
  expected?: number;
  lower?: number;
  upper?: number;
  score?: number;
};

/** The location's live view, as `getState` returns it. */
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
  openAnomalies: AlertEvent[];
  liveModels: { metric: string; grain: string; version: number }[];
}

/** One day of `replayDays`: its work and the anomalies open at its end. */
export interface ReplayedDay {
  date: string;
  /** Hourly buckets the clock closed to reach the end of the day. */
  closed: number;
  /** Alert events queued while closing them. */
  alerts: number;
  open: Pick<AlertEvent, "anomalyId" | "type" | "severity">[];
}

/**
 * One object per location, addressed by the location id. It owns the hourly
 * buckets, daily history, dedup keys, live models, detectors and alert
 * episodes of its
 * location, all in its own SQLite storage, so ingest and scoring read nothing
 * from D1 or R2.
 */
export class LocationMonitor extends DurableObject<Env> {
  #sql: SqlStorage;
  #profile: LocationProfile | null = null;
  #alarmAt: number | null = null;
  #models = new Map<string, LiveModel>();

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
    if (readMeta(this.#sql, "live_since_ms") === undefined) {
      writeMeta(this.#sql, "live_since_ms", String(receivedMs));
    }
    const counts = this.ctx.storage.transactionSync(() => {
      const applied = applyEvents(this.#sql, profile.timezone, events, receivedMs);
      const closedThrough = Number(readMeta(this.#sql, "closed_through_ms") ?? 0);
      const late = applied.touchedBuckets.filter((start) => start < closedThrough);
      if (late.length > 0) rescoreLateBuckets(this.#sql, profile, this.#models, late);
      return applied.counts;
    });
    // Check the feed again soon when an open integration episode may just
    // have ended, or when errors arrived that may be the start of a spike.
    const feedOpen = this.#sql.exec("SELECT 1 FROM episodes WHERE status = 'open' AND grain = 'feed' LIMIT 1").toArray().length > 0;
    const errors = events.some((event) => event.type === "error");
    let soonMs: number | undefined;
    if (errors) soonMs = receivedMs + ERROR_RECHECK_MS;
    if (feedOpen) soonMs = receivedMs + FEED_RECHECK_MS;
    await this.#ensureAlarm(receivedMs, soonMs);
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
  ): Promise<ScoredPoint[]> {
    const profile = this.#requireProfile();
    const points =
      grain === "hour"
        ? readHourly(this.#sql, metric, fromMs, toMs)
        : readDaily(this.#sql, profile.timezone, metric, fromMs, toMs);
    const scores = readScores(this.#sql, metric, grain, fromMs, toMs);
    return points.map((point) => {
      const score = scores.get(point.startMs);
      return score
        ? { ...point, expected: score.expected, lower: score.lower, upper: score.upper, score: score.score }
        : point;
    });
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
      openAnomalies: listOpenEpisodes(this.#sql),
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
   * Moves the location's watermark: closes buckets that ended before it,
   * scores each with the live models, records anomaly transitions, prunes
   * data past retention, and sends queued alert events. The alarm calls it
   * with the wall clock; a replay of history calls it with event time.
   */
  async advanceClock(
    watermarkMs: number,
    checkAtMs: number = watermarkMs,
  ): Promise<{ closed: number; alerts: number }> {
    const profile = this.#requireProfile();
    const baseUrl = this.env.PUBLIC_BASE_URL;
    // The link expires on the wall clock even in a replay: people open it now.
    const link = await signedLocationLink(baseUrl, profile.id, this.env.SECRETS_KEY, Date.now());
    const context = { profile, baseUrl, link };
    const liveSince = readMeta(this.#sql, "live_since_ms");
    const result = this.ctx.storage.transactionSync(() => {
      const starts = closeBuckets(this.#sql, profile.timezone, watermarkMs, liveSince !== undefined);
      let alerts = 0;
      for (const start of starts) {
        const steps = scoreClosedBucket(this.#sql, profile, this.#models, start, this.#isNoData(start));
        alerts += recordTransitions(this.#sql, context, steps);
      }
      if (liveSince !== undefined) {
        const input = { sql: this.#sql, profile, models: this.#models, nowMs: checkAtMs };
        const signals = evaluateFeed(input, Number(liveSince), heldSignals(this.#sql));
        alerts += applyFeedSignals(this.#sql, context, signals, checkAtMs);
      }
      this.#prune(watermarkMs);
      return { closed: starts.length, alerts };
    });
    await this.#flushOutbox();
    return result;
  }

  /**
   * A closed bucket with no event of any kind while the feed is known to be
   * silent carries no information about sales: it is "no data", so it can
   * neither deepen a dip nor look like recovery.
   */
  #isNoData(startMs: number): boolean {
    const silent = this.#sql
      .exec("SELECT 1 FROM episodes WHERE status = 'open' AND key = 'feed_silent' LIMIT 1")
      .toArray().length > 0;
    if (!silent) return false;
    const row = this.#sql
      .exec<{ last_event_ms: number | null }>("SELECT last_event_ms FROM buckets WHERE start_ms = ?", startMs)
      .toArray()[0];
    return !row || row.last_event_ms === null;
  }

  /**
   * Sends queued alert events to the alerts queue. Events stay in the
   * outbox until the send succeeds, so a failed send is retried by the next
   * alarm and no transition is lost.
   */
  async #flushOutbox(): Promise<void> {
    const QUEUE_BATCH_MESSAGES = 100;
    for (;;) {
      const pending = readOutbox(this.#sql, QUEUE_BATCH_MESSAGES);
      if (pending.length === 0) return;
      await this.env.ALERTS_QUEUE.sendBatch(pending.map((p) => ({ body: p.event })));
      deleteOutbox(this.#sql, pending.map((p) => p.seq));
    }
  }

  /** Lists the location's open anomalies with their latest alert event. */
  async getOpenAnomalies(): Promise<AlertEvent[]> {
    return listOpenEpisodes(this.#sql);
  }

  /**
   * Switches the location to event time and advances its watermark: used to
   * replay history through the same scoring and lifecycle as live data.
   * From then on the alarm no longer advances the clock from the wall clock.
   */
  async replayClock(watermarkMs: number): Promise<{ closed: number; alerts: number; closedThrough: number }> {
    if (readMeta(this.#sql, "clock_mode") !== "event") {
      // The wall-clock alarm may have closed buckets up to today; replay
      // restarts from the end of the newest stored history before the mark.
      writeMeta(this.#sql, "clock_mode", "event");
      writeMeta(this.#sql, "closed_through_ms", String(this.#historyEndBefore(watermarkMs)));
    }
    const result = await this.advanceClock(watermarkMs);
    return { ...result, closedThrough: Number(readMeta(this.#sql, "closed_through_ms") ?? 0) };
  }

  /**
   * Replays daily rows in date order: writes each row, then moves the
   * event-time clock to the end of its local day, so every day is scored
   * and alerted as the live system would have done when it closed. Returns
   * what each day did and the anomalies open when it ended.
   */
  async replayDays(rows: HistoryRow[]): Promise<ReplayedDay[]> {
    const tz = this.#requireProfile().timezone;
    const sorted = [...rows].sort((a, b) => a.startMs - b.startMs);
    const days: ReplayedDay[] = [];
    for (const row of sorted) {
      await this.backfillHistory("day", [row]);
      const endMs = dayStart(tz, addDays(row.date ?? "", 1));
      const day = { date: row.date ?? "", closed: 0, alerts: 0 };
      // One call closes at most 45 days of buckets, so a longer gap before
      // this row takes several.
      for (;;) {
        const step = await this.replayClock(endMs);
        day.closed += step.closed;
        day.alerts += step.alerts;
        if (step.closed === 0 || step.closedThrough >= endMs) break;
      }
      const open = listOpenEpisodes(this.#sql).map((alert) => ({
        anomalyId: alert.anomalyId,
        type: alert.type,
        severity: alert.severity,
      }));
      days.push({ ...day, open });
    }
    return days;
  }

  #historyEndBefore(watermarkMs: number): number {
    const tz = this.#requireProfile().timezone;
    const hour = this.#sql
      .exec<{ start: number | null }>("SELECT max(start_ms) AS start FROM buckets WHERE start_ms < ?", watermarkMs)
      .toArray()[0]?.start;
    const day = this.#sql
      .exec<{ date: string | null }>("SELECT max(date) AS date FROM daily WHERE start_ms < ?", watermarkMs)
      .toArray()[0]?.date;
    const ends: number[] = [];
    if (hour !== null && hour !== undefined) ends.push(nextBucketStart(tz, hour));
    if (day) ends.push(dayStart(tz, addDays(day, 1)));
    const reached = ends.filter((end) => end <= watermarkMs);
    return reached.length > 0 ? Math.max(...reached) : hourBucketStart(tz, watermarkMs);
  }

  /** Closes due buckets from the wall clock and re-arms for the next close. */
  async alarm(): Promise<void> {
    this.#alarmAt = null;
    if (!this.#profile) return;
    const now = Date.now();
    // Re-arm first: if the work below throws, the runtime retries this alarm,
    // and the next one still fires and catches up every missed bucket.
    await this.#ensureAlarm(now);
    if (readMeta(this.#sql, "clock_mode") === "event") {
      await this.#flushOutbox();
      return;
    }
    const { closed, alerts } = await this.advanceClock(now - CLOSE_LATENESS_MS, now);
    log.debug("location:alarm", { locationId: this.#profile.id, closed, alerts });
  }

  #prune(watermarkMs: number): void {
    this.#sql.exec("DELETE FROM buckets WHERE start_ms < ?", watermarkMs - HOURLY_RETENTION_MS);
    this.#sql.exec("DELETE FROM error_codes WHERE start_ms < ?", watermarkMs - HOURLY_RETENTION_MS);
    this.#sql.exec("DELETE FROM daily WHERE start_ms < ?", watermarkMs - DAILY_RETENTION_MS);
    this.#sql.exec("DELETE FROM dedup WHERE received_ms < ?", watermarkMs - DEDUP_RETENTION_MS);
  }

  /**
   * Schedules the next alarm: the close of the bucket open at `nowMs`, or
   * sooner for a live location's feed check, or at `soonMs` when given.
   */
  async #ensureAlarm(nowMs: number, soonMs?: number): Promise<void> {
    // Feed checks are at least a minute apart and a bucket closes later than
    // that after its end, so an alarm due within a minute needs no update.
    // This keeps the check-interval arithmetic off most ingest calls.
    const soonest = soonMs ?? nowMs + MIN_ALARM_LEAD_MS;
    if (this.#alarmAt !== null && this.#alarmAt <= soonest) return;
    const profile = this.#requireProfile();
    const tz = profile.timezone;
    let due = nextBucketStart(tz, hourBucketStart(tz, nowMs)) + CLOSE_LATENESS_MS;
    if (readMeta(this.#sql, "live_since_ms") !== undefined && readMeta(this.#sql, "clock_mode") !== "event") {
      const input = { sql: this.#sql, profile, models: this.#models, nowMs };
      due = Math.min(due, nowMs + checkIntervalMs(input));
    }
    if (soonMs !== undefined) due = Math.min(due, soonMs);
    if (this.#alarmAt !== null && this.#alarmAt <= due) return;
    await this.ctx.storage.setAlarm(due);
    this.#alarmAt = due;
  }
}
