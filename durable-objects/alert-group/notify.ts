import type { AlertEvent } from "../../src/alerts/alert-event";
import { enqueueNotifications } from "../../src/delivery/enqueue";
import { log } from "../../src/log";
import type { ChannelConfig } from "../../src/notify/channels/config";
import { redactChannelConfig } from "../../src/notify/channels/registry";
import type { NotificationDecision } from "../../src/notify/decide";
import { notifiedResolved, type NotificationGroup } from "../../src/notify/group";
import { notificationKey } from "../../src/notify/notification-key";
import {
  insertNotifications,
  markQueued,
  type NewNotification,
} from "../../src/registry/notifications";
import type { ReceiverConfig } from "../../src/routing/document-schema";
import type { GroupIdentity } from "../../src/router/group-identity";

/** A decision to send, with the group's alerts at the flush. */
export interface NotifyRequest {
  identity: GroupIdentity;
  /** The receiver in the document in force; absent if it was removed. */
  receiver: ReceiverConfig | undefined;
  routingVersion: number;
  firing: readonly AlertEvent[];
  resolved: readonly AlertEvent[];
  /** Fingerprints the last notification listed as firing. */
  lastFiring: readonly string[];
  decision: Extract<NotificationDecision, { send: true }>;
  nowMs: number;
}

/** The alerts notified, for the group's record of its last notification. */
export interface SentNotification {
  firing: string[];
  resolved: string[];
  repeatIndex: number;
}

function buildGroup(request: NotifyRequest): NotificationGroup {
  const { identity } = request;
  const resolved = identity.sendResolved
    ? notifiedResolved(request.resolved, request.lastFiring)
    : [];
  return {
    groupKey: identity.groupKey,
    receiver: identity.receiver,
    groupLabels: identity.groupLabels,
    firing: [...request.firing],
    resolved,
  };
}

function channelRow(
  request: NotifyRequest,
  group: NotificationGroup,
  key: string,
  config: ChannelConfig,
  index: number,
): NewNotification {
  return {
    id: `${key}-${index}`,
    groupKey: group.groupKey,
    receiver: group.receiver,
    routingVersion: request.routingVersion,
    channelIndex: index,
    channel: config.type,
    endpoint: redactChannelConfig(config).url ?? "",
    reason: request.decision.reason,
    status: "pending",
    attempts: 0,
    firingCount: group.firing.length,
    resolvedCount: group.resolved.length,
    content: group,
    decidedAt: request.nowMs,
    createdAt: request.nowMs,
    updatedAt: request.nowMs,
  };
}

/**
 * Writes one notification per channel of the receiver and enqueues those
 * not enqueued before. Ids derive from the group's state, so a flush run
 * again after a failure finds its rows and does not enqueue them again. The
 * exception is a failure between sending a message and marking its row
 * queued. The endpoint's throttle then drops the second copy.
 */
export async function notifyGroup(
  env: Env,
  request: NotifyRequest,
): Promise<SentNotification> {
  const group = buildGroup(request);
  const firing = group.firing.map((e) => e.fingerprint);
  const resolved = group.resolved.map((e) => e.fingerprint);
  const { repeatIndex } = request.decision;
  const key = await notificationKey({
    groupKey: group.groupKey,
    receiver: group.receiver,
    firing,
    resolved,
    repeatIndex,
  });
  const channels = request.receiver?.channels ?? [];
  const rows = channels.map((config, i) =>
    channelRow(request, group, key, config, i),
  );
  if (rows.length > 0) await writeAndEnqueue(env, rows, request.nowMs);
  log.info("group:notified", {
    groupKey: group.groupKey,
    receiver: group.receiver,
    notificationKey: key,
    reason: request.decision.reason,
    firing: firing.length,
    resolved: resolved.length,
    channels: rows.length,
  });
  return { firing, resolved, repeatIndex };
}

async function writeAndEnqueue(
  env: Env,
  rows: NewNotification[],
  nowMs: number,
): Promise<void> {
  const statuses = await insertNotifications(env.DB, rows);
  const pending = rows
    .map((row) => row.id)
    .filter((id) => statuses.get(id) === "pending");
  await enqueueNotifications(
    env,
    pending.map((notificationId) => ({ notificationId, priorAttempts: 0 })),
  );
  await markQueued(env.DB, pending, nowMs);
}
