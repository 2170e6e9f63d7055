import { log } from "../log";
import { redactChannelConfig } from "../notify/channels/registry";
import {
  getNotification,
  requeueDead,
  type NotificationRow,
} from "../registry/notifications";
import { loadRoutingInForce } from "../registry/routing-documents";
import { enqueueNotifications } from "./enqueue";

/** The reason a notification cannot be replayed. */
export type ReplayRefusal =
  | { kind: "not_found" }
  | { kind: "not_dead"; status: string }
  | { kind: "channel_missing"; receiver: string; channelIndex: number };

export type ReplayResult =
  | { ok: true; notification: NotificationRow }
  | ({ ok: false } & ReplayRefusal);

/**
 * Sends a dead notification again, as a fresh delivery with no attempts.
 * The channel is looked up in the routing document in force, so a webhook
 * URL fixed after the failure is used. The receiver must still have a
 * channel of the same type at the same position.
 */
export async function replayNotification(
  env: Env,
  id: string,
  nowMs: number,
): Promise<ReplayResult> {
  const row = await getNotification(env.DB, id);
  if (!row) return { ok: false, kind: "not_found" };
  if (row.status !== "dead") {
    return { ok: false, kind: "not_dead", status: row.status };
  }
  const loaded = await loadRoutingInForce(env);
  const receiver = loaded.routing.receivers.get(row.receiver);
  const config = receiver?.channels[row.channelIndex];
  if (!config || config.type !== row.channel) {
    const { receiver: name, channelIndex } = row;
    return { ok: false, kind: "channel_missing", receiver: name, channelIndex };
  }
  const target = {
    routingVersion: loaded.version,
    channelIndex: row.channelIndex,
    endpoint: redactChannelConfig(config).url ?? "",
  };
  if (!(await requeueDead(env.DB, id, target, nowMs))) {
    // Another replay of the same notification got there first.
    return { ok: false, kind: "not_dead", status: "queued" };
  }
  await enqueueNotifications(env, [{ notificationId: id, priorAttempts: 0 }]);
  log.info("notify:replayed", {
    notificationId: id,
    receiver: row.receiver,
    channel: row.channel,
    routingVersion: loaded.version,
  });
  const notification = { ...row, ...target, status: "queued", attempts: 0 };
  return { ok: true, notification };
}
