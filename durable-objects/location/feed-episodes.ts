import { alertFingerprint, categoryOf, type AlertEvent } from "../../src/alerts/alert-event";
import { formatLocal } from "../../src/time/zone";
import { openEpisode, type EmitContext, type EpisodeRow } from "./episodes";
import type { FeedSignal } from "./feed-health";

function buildEvent(
  context: EmitContext,
  id: string,
  signal: FeedSignal,
  startedMs: number,
  nowMs: number,
  transition: "opened" | "updated" | "resolved",
): AlertEvent {
  const { profile } = context;
  const resolved = transition === "resolved";
  const expected = signal.expected;
  return {
    fingerprint: alertFingerprint({ locationId: profile.id, type: signal.type, metric: signal.metric, anomalyId: id }),
    anomalyId: id,
    status: resolved ? "resolved" : "firing",
    transition,
    location: { id: profile.id, name: profile.name, region: profile.region ?? "", tags: profile.tags, timeZone: profile.timezone },
    type: signal.type,
    category: categoryOf(signal.type),
    metric: signal.metric,
    severity: signal.severity,
    expected,
    actual: signal.actual,
    lower: signal.lower,
    upper: signal.upper,
    deviation: { absolute: signal.actual - expected, relative: expected > 0 ? (signal.actual - expected) / expected : null },
    windowHours: Math.max(signal.windowMinutes, 1) / 60,
    durationMinutes: Math.max(0, Math.round((nowMs - startedMs) / 60_000)),
    impact: null,
    modelVersion: null,
    startedAt: { utc: new Date(startedMs).toISOString(), local: formatLocal(profile.timezone, startedMs) },
    updatedAt: new Date(nowMs).toISOString(),
    ...(resolved ? { endedAt: new Date(nowMs).toISOString() } : {}),
    link: context.link,
    summary: signal.summary,
    context: signal.context,
  };
}

/**
 * Reports whether a clear check ends an open episode. A silent feed always
 * ends when its check clears. Other episodes end by their check only while
 * no hourly detector feeds them: once one does, it resolves them.
 */
function resolvedByCheck(existing: EpisodeRow, signal: FeedSignal): boolean {
  if (signal.type === "feed_silent") return true;
  return existing.grain === "feed" && (JSON.parse(existing.metrics) as string[]).length === 0;
}

/**
 * Opens, updates and resolves integration episodes from the feed checks,
 * queueing one alert event per change in the outbox. An episode opened by
 * an hourly detector (a drop to nothing) is resolved by the same check.
 */
export function applyFeedSignals(
  sql: SqlStorage,
  context: EmitContext,
  signals: FeedSignal[],
  nowMs: number,
): number {
  let queued = 0;
  for (const signal of signals) {
    const existing = openEpisode(sql, signal.key);
    if (signal.firing && !existing) {
      const id = crypto.randomUUID();
      const event = buildEvent(context, id, signal, signal.startedMs, nowMs, "opened");
      sql.exec(
        `INSERT INTO episodes (id, key, type, status, primary_metric, metrics,
           grain, started_ms, opened_ms, updated_ms, last_event)
         VALUES (?, ?, ?, 'open', ?, '[]', 'feed', ?, ?, ?, ?)`,
        id, signal.key, signal.type, signal.metric, signal.startedMs, nowMs, nowMs, JSON.stringify(event),
      );
      sql.exec("INSERT INTO outbox (event) VALUES (?)", JSON.stringify(event));
      queued += 1;
    } else if (signal.firing && existing) {
      const previous = JSON.parse(existing.last_event) as AlertEvent;
      const event = buildEvent(context, existing.id, signal, existing.started_ms, nowMs, "updated");
      // Only a change of severity is news worth a notification; the stored
      // event still tracks the running figures for the state endpoint.
      const escalated = previous.severity !== event.severity;
      const stored = escalated ? event : { ...event, transition: previous.transition };
      sql.exec(
        "UPDATE episodes SET last_event = ?, updated_ms = ? WHERE id = ?",
        JSON.stringify(stored),
        nowMs,
        existing.id,
      );
      if (escalated) {
        sql.exec("INSERT INTO outbox (event) VALUES (?)", JSON.stringify(event));
        queued += 1;
      }
    } else if (!signal.firing && existing && resolvedByCheck(existing, signal)) {
      const previous = JSON.parse(existing.last_event) as AlertEvent;
      const summary = signal.type === "sales_dip" ? "Sales are back to normal." : "The feed is back to normal.";
      const resolvedSignal = { ...signal, metric: previous.metric, severity: previous.severity, expected: previous.expected, summary };
      const event = buildEvent(context, existing.id, resolvedSignal, existing.started_ms, nowMs, "resolved");
      sql.exec(
        "UPDATE episodes SET status = 'resolved', resolved_ms = ?, updated_ms = ?, last_event = ? WHERE id = ?",
        nowMs, nowMs, JSON.stringify(event), existing.id,
      );
      sql.exec("INSERT INTO outbox (event) VALUES (?)", JSON.stringify(event));
      queued += 1;
    }
  }
  return queued;
}

/** Rebuilds the last signal of every open episode, keyed by episode key. */
export function heldSignals(sql: SqlStorage): Map<string, FeedSignal> {
  const rows = sql
    .exec<{ key: string; started_ms: number; last_event: string }>(
      "SELECT key, started_ms, last_event FROM episodes WHERE status = 'open'",
    )
    .toArray();
  const held = new Map<string, FeedSignal>();
  for (const row of rows) {
    const event = JSON.parse(row.last_event) as AlertEvent;
    held.set(row.key, {
      type: event.type as FeedSignal["type"],
      key: row.key,
      firing: true,
      metric: event.metric,
      startedMs: row.started_ms,
      expected: event.expected,
      actual: event.actual,
      lower: event.lower,
      upper: event.upper,
      windowMinutes: Math.round(event.windowHours * 60),
      pValue: null,
      severity: event.severity,
      summary: event.summary,
      context: event.context,
    });
  }
  return held;
}
