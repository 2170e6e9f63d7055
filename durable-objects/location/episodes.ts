import {
  alertFingerprint,
  categoryOf,
  type AlertEvent,
  type AlertType,
} from "../../src/alerts/alert-event";
import { describeDeviation } from "../../src/alerts/summary";
import type { Transition } from "../../src/detection";
import type { LocationProfile } from "../../src/domain/location";
import type { Metric } from "../../src/domain/metrics";
import { formatLocal } from "../../src/time/zone";
import { readDetectorPhase } from "./detector-phase";
import type { MetricStep } from "./scoring";
import { salesShortfall } from "./scoring";

/** Stored row of one alert episode. */
export type EpisodeRow = {
  id: string;
  key: string;
  type: AlertType;
  status: "open" | "resolved";
  primary_metric: Metric;
  metrics: string;
  grain: string;
  started_ms: number;
  opened_ms: number;
  updated_ms: number;
  resolved_ms: number | null;
  last_event: string;
};

/**
 * Maps a metric's detector direction to the alert it raises. Transactions
 * and sales report on the sales; a tender that collapses while the other
 * tender trades normally is an integration failure (a card terminal down).
 * Both tenders falling together is a sales dip, which is already reported.
 */
function alertTypeOf(
  sql: SqlStorage,
  step: MetricStep,
  direction: "drop" | "spike",
  startedMs: number,
): { type: AlertType; key: string } | null {
  if (step.metric === "transactions" || step.metric === "sales") {
    if (direction === "spike") return { type: "sales_spike", key: "sales_spike" };
    // A drop to nothing, with no event of any kind, cannot tell a shut store
    // from a dead feed. It goes to IT as a silent feed, not to operations.
    if (isLive(sql) && noEventsSince(sql, startedMs)) return { type: "feed_silent", key: "feed_silent" };
    return { type: "sales_dip", key: "sales_dip" };
  }
  if (direction !== "drop") return null;
  const tender = step.metric === "card_transactions" ? "card" : "cash";
  const other = tender === "card" ? "cash_transactions" : "card_transactions";
  // When all sales fall, or the other tender falls too, this is a dip the
  // transactions detector reports, not a broken terminal.
  for (const metric of ["transactions", other] as const) {
    const phase = readDetectorPhase(sql, metric, step.grain);
    if (phase.phase !== "normal" && phase.direction === "drop") return null;
  }
  return { type: "tender_collapse", key: `tender_collapse:${tender}` };
}

function isLive(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM meta WHERE key = 'live_since_ms'").toArray().length > 0;
}

function noEventsSince(sql: SqlStorage, startMs: number): boolean {
  const row = sql
    .exec<{ n: number }>("SELECT count(*) AS n FROM buckets WHERE start_ms >= ? AND last_event_ms IS NOT NULL", startMs)
    .toArray()[0];
  return (row?.n ?? 0) === 0;
}

/** Returns the open episode with `key`, if any. */
export function openEpisode(sql: SqlStorage, key: string): EpisodeRow | undefined {
  return sql
    .exec<EpisodeRow>("SELECT * FROM episodes WHERE status = 'open' AND key = ? ORDER BY opened_ms LIMIT 1", key)
    .toArray()[0];
}

function episodeOfMetric(sql: SqlStorage, metric: Metric): EpisodeRow | undefined {
  return sql
    .exec<EpisodeRow>("SELECT * FROM episodes WHERE status = 'open'")
    .toArray()
    .find((row) => (JSON.parse(row.metrics) as string[]).includes(metric));
}

/** Context the event builder needs besides the step. */
export interface EmitContext {
  profile: LocationProfile;
  baseUrl: string;
  /** Signed URL of the location's page, put in every alert event. */
  link: string;
}

function buildEvent(
  sql: SqlStorage,
  context: EmitContext,
  episode: { id: string; type: AlertType; primaryMetric: Metric; startedMs: number; metrics: string[] },
  step: MetricStep,
  transition: Transition,
): AlertEvent {
  const { profile } = context;
  const explanation = step.step.score.explanation;
  const expected = explanation?.expected ?? step.step.judged.mean;
  const actual = explanation?.actual ?? step.actual ?? 0;
  const hoursPerBucket = step.grain === "hour" ? 1 : 24;
  const windowHours = (explanation?.windowBuckets ?? 1) * hoursPerBucket;
  const resolved = transition.type === "resolved";
  const endMs = step.bucketEndMs;
  const shortfall = episode.type === "sales_dip" ? salesShortfall(sql, step.grain, episode.startedMs) : null;
  let tender: "card" | "cash" | undefined;
  if (step.metric === "card_transactions") tender = "card";
  if (step.metric === "cash_transactions") tender = "cash";
  return {
    fingerprint: alertFingerprint({
      locationId: profile.id,
      type: episode.type,
      metric: episode.primaryMetric,
      anomalyId: episode.id,
    }),
    anomalyId: episode.id,
    status: resolved ? "resolved" : "firing",
    transition: transition.type,
    location: {
      id: profile.id,
      name: profile.name,
      region: profile.region ?? "",
      tags: profile.tags,
      timeZone: profile.timezone,
    },
    type: episode.type,
    category: categoryOf(episode.type),
    metric: step.metric,
    severity: transition.anomaly.severity,
    expected,
    actual,
    lower: explanation?.lower ?? step.step.judged.lower,
    upper: explanation?.upper ?? step.step.judged.upper,
    deviation: {
      absolute: actual - expected,
      relative: expected > 0 ? (actual - expected) / expected : null,
    },
    windowHours,
    durationMinutes: Math.max(0, Math.round((endMs - episode.startedMs) / 60_000)),
    impact: shortfall === null ? null : { amountMinor: Math.max(0, shortfall), currency: profile.currency },
    modelVersion: `${step.metric}/${step.grain}/v${step.modelVersion}`,
    startedAt: {
      utc: new Date(episode.startedMs).toISOString(),
      local: formatLocal(profile.timezone, episode.startedMs),
    },
    updatedAt: new Date(endMs).toISOString(),
    ...(resolved ? { endedAt: new Date(endMs).toISOString() } : {}),
    link: context.link,
    summary: resolved
      ? `Back to normal after ${Math.round((endMs - episode.startedMs) / 60_000)} minutes.`
      : describeDeviation({
          metric: step.metric,
          actual,
          expected,
          windowHours,
          pValue: explanation?.pValue ?? null,
          currency: profile.currency,
          currencyExponent: profile.currencyExponent,
        }),
    context: { metrics: episode.metrics, grain: step.grain, ...(tender ? { tender } : {}) },
  };
}

function enqueue(sql: SqlStorage, event: AlertEvent) {
  sql.exec("INSERT INTO outbox (event) VALUES (?)", JSON.stringify(event));
}

/**
 * Turns detector transitions into alert episodes and queues their events in
 * the outbox, inside the caller's transaction. Several metrics feeding one
 * incident (transactions and sales both dip) make one episode and one alert.
 */
export function recordTransitions(sql: SqlStorage, context: EmitContext, steps: MetricStep[]): number {
  let queued = 0;
  for (const step of steps) {
    const transition = step.step.transition;
    if (!transition) continue;
    if (transition.type === "opened") {
      const kind = alertTypeOf(sql, step, transition.anomaly.direction, transition.anomaly.startedMs);
      if (!kind) continue;
      const { type, key } = kind;
      const existing = openEpisode(sql, key);
      const metrics: string[] = existing ? JSON.parse(existing.metrics) : [];
      if (existing) {
        if (!metrics.includes(step.metric)) metrics.push(step.metric);
        sql.exec("UPDATE episodes SET metrics = ? WHERE id = ?", JSON.stringify(metrics), existing.id);
        continue;
      }
      const id = crypto.randomUUID();
      const episode = { id, type, primaryMetric: step.metric, startedMs: transition.anomaly.startedMs, metrics: [step.metric] };
      const event = buildEvent(sql, context, episode, step, transition);
      sql.exec(
        `INSERT INTO episodes (id, key, type, status, primary_metric, metrics,
           grain, started_ms, opened_ms, updated_ms, last_event)
         VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
        id, key, type, step.metric, JSON.stringify([step.metric]), step.grain,
        episode.startedMs, step.bucketEndMs, step.bucketEndMs, JSON.stringify(event),
      );
      enqueue(sql, event);
      queued += 1;
      continue;
    }
    // Updates and resolutions go to the episode the metric feeds, whatever
    // the other metrics do now.
    const existing = episodeOfMetric(sql, step.metric);
    if (!existing) continue;
    const type = existing.type;
    const metrics: string[] = JSON.parse(existing.metrics);
    const episode = {
      id: existing.id,
      type,
      primaryMetric: existing.primary_metric,
      startedMs: existing.started_ms,
      metrics,
    };
    if (transition.type === "updated") {
      if (step.metric !== existing.primary_metric) continue;
      const event = buildEvent(sql, context, episode, step, transition);
      sql.exec("UPDATE episodes SET updated_ms = ?, last_event = ? WHERE id = ?", step.bucketEndMs, JSON.stringify(event), existing.id);
      enqueue(sql, event);
      queued += 1;
      continue;
    }
    const remaining = metrics.filter((m) => m !== step.metric);
    if (remaining.length > 0) {
      sql.exec("UPDATE episodes SET metrics = ? WHERE id = ?", JSON.stringify(remaining), existing.id);
      continue;
    }
    const event = buildEvent(sql, context, { ...episode, metrics: [] }, step, transition);
    sql.exec(
      "UPDATE episodes SET status = 'resolved', metrics = '[]', resolved_ms = ?, updated_ms = ?, last_event = ? WHERE id = ?",
      step.bucketEndMs, step.bucketEndMs, JSON.stringify(event), existing.id,
    );
    enqueue(sql, event);
    queued += 1;
  }
  return queued;
}

/** Lists open episodes with their latest alert event. */
export function listOpenEpisodes(sql: SqlStorage): AlertEvent[] {
  return sql
    .exec<{ last_event: string }>("SELECT last_event FROM episodes WHERE status = 'open' ORDER BY opened_ms")
    .toArray()
    .map((row) => JSON.parse(row.last_event) as AlertEvent);
}

/** Reads queued alert events, oldest first. */
export function readOutbox(sql: SqlStorage, limit: number): { seq: number; event: AlertEvent }[] {
  return sql
    .exec<{ seq: number; event: string }>("SELECT seq, event FROM outbox ORDER BY seq LIMIT ?", limit)
    .toArray()
    .map((row) => ({ seq: row.seq, event: JSON.parse(row.event) as AlertEvent }));
}

/** Deletes sent events from the outbox. */
export function deleteOutbox(sql: SqlStorage, seqs: number[]) {
  for (const seq of seqs) sql.exec("DELETE FROM outbox WHERE seq = ?", seq);
}
