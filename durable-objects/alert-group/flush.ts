import type { AlertEvent } from "../../src/alerts/alert-event";
import { log } from "../../src/log";
import {
  decideNotification,
  type NotificationDecision,
} from "../../src/notify/decide";
import { muteAlerts, type MutedAlertDetail } from "../../src/notify/mute-stage";
import { loadRoutingInForce } from "../../src/registry/routing-documents";
import { recordMuting } from "../../src/registry/alerts";
import { loadMuteContext } from "./mute-context";
import { notifyGroup, type SentNotification } from "./notify";
import {
  deleteAlerts,
  readAlerts,
  readLast,
  writeLast,
  writeMuted,
  type GroupMeta,
  type StoredAlert,
} from "./storage";

/** The decision of a flush and whether the group is left empty. */
export interface FlushResult {
  decision: NotificationDecision;
  /** True when no alert is left, so the group can be deleted. */
  empty: boolean;
}

function mutedLabel(muted: MutedAlertDetail): string {
  return muted.reason === "silenced"
    ? `silenced:${muted.silenceIds.join(",")}`
    : `inhibited:${muted.sourceFingerprint ?? ""}`;
}

/**
 * Writes each firing alert's muting to the group and to the alert log, but
 * only where it changed since the last flush.
 */
async function recordMutingChanges(
  env: Env,
  sql: SqlStorage,
  firing: readonly StoredAlert[],
  muted: readonly MutedAlertDetail[],
): Promise<void> {
  const byFingerprint = new Map(muted.map((m) => [m.fingerprint, m]));
  const changes = firing.flatMap((alert) => {
    const detail = byFingerprint.get(alert.event.fingerprint);
    const label = detail ? mutedLabel(detail) : null;
    if (label === alert.muted) return [];
    return [{ fingerprint: alert.event.fingerprint, label, detail }];
  });
  await recordMuting(
    env.DB,
    changes.map(({ fingerprint, detail }) => ({
      fingerprint,
      silencedBy: detail?.reason === "silenced" ? detail.silenceIds : null,
      inhibitedBy:
        detail?.reason === "inhibited" ? detail.sourceFingerprint : null,
    })),
  );
  for (const change of changes) {
    writeMuted(sql, change.fingerprint, change.label);
  }
}

function fingerprints(events: readonly AlertEvent[]): string[] {
  return events.map((e) => e.fingerprint);
}

/**
 * Flushes a group at `nowMs`: mutes silenced and inhibited alerts, decides
 * whether to notify, writes and enqueues the notification, and drops the
 * resolved alerts no later message needs. Safe to run again after a failure
 * at any step, because notifications are keyed by the group's state.
 */
export async function flushGroup(
  env: Env,
  sql: SqlStorage,
  meta: GroupMeta,
  nowMs: number,
): Promise<FlushResult> {
  const { identity } = meta;
  const alerts = readAlerts(sql);
  const firing = alerts.filter((a) => a.event.status === "firing");
  const resolved = alerts.filter((a) => a.event.status === "resolved");
  const loaded = await loadRoutingInForce(env);
  const rules = loaded.routing.inhibitRules;
  const firingEvents = firing.map((a) => a.event);
  const context = await loadMuteContext(env, rules, firingEvents, nowMs);
  const { unmuted, muted } = muteAlerts(firingEvents, context);
  await recordMutingChanges(env, sql, firing, muted);

  const last = readLast(sql);
  const decision = decideNotification(
    {
      createdAtMs: meta.createdAtMs,
      lastFlushAtMs: meta.lastFlushAtMs,
      firing: fingerprints(unmuted),
      resolved: fingerprints(resolved.map((a) => a.event)),
      muted,
      last,
      sendResolved: identity.sendResolved,
    },
    nowMs,
    identity.timing,
  );
  logDecision(meta, decision, unmuted.length, muted.length);
  if (!decision.send) {
    dropUnneededResolved(sql, resolved, last?.firing ?? [], identity.sendResolved);
    return { decision, empty: readAlerts(sql).length === 0 };
  }

  const sent = await notifyGroup(env, {
    identity,
    receiver: loaded.routing.receivers.get(identity.receiver),
    routingVersion: loaded.version,
    firing: unmuted,
    resolved: resolved.map((a) => a.event),
    lastFiring: last?.firing ?? [],
    decision,
    nowMs,
  });
  writeLast(sql, toLast(sent, nowMs));
  deleteAlerts(sql, fingerprints(resolved.map((a) => a.event)));
  return { decision, empty: firing.length === 0 };
}

function toLast(sent: SentNotification, nowMs: number) {
  return {
    sentAtMs: nowMs,
    firing: sent.firing,
    resolved: sent.resolved,
    repeatIndex: sent.repeatIndex,
  };
}

/**
 * Drops resolved alerts no message will ever carry: those the receiver never
 * got as firing, and all of them when it takes no resolved notices.
 */
function dropUnneededResolved(
  sql: SqlStorage,
  resolved: readonly StoredAlert[],
  lastFiring: readonly string[],
  sendResolved: boolean,
): void {
  const known = new Set(lastFiring);
  const unneeded = resolved
    .map((a) => a.event.fingerprint)
    .filter((fp) => !sendResolved || !known.has(fp));
  deleteAlerts(sql, unneeded);
}

function logDecision(
  meta: GroupMeta,
  decision: NotificationDecision,
  firing: number,
  muted: number,
): void {
  const fields = {
    groupKey: meta.identity.groupKey,
    receiver: meta.identity.receiver,
    reason: decision.reason,
    firing,
    muted,
  };
  if (decision.send) log.info("group:flush", { ...fields, send: true });
  else log.debug("group:flush", { ...fields, send: false });
}

