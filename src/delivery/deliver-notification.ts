import { log } from "../log";
import { buildPayload } from "../notify/channels/registry";
import type { ChannelConfig } from "../notify/channels/config";
import type { DeliveryResult } from "../notify/delivery-result";
import { decideRetry } from "../notify/retry-policy";
import {
  getNotification,
  recordAttempt,
  type NotificationRow,
} from "../registry/notifications";
import { endpointKey, resolveChannel } from "./channel-ref";
import { delaySecondsFor, enqueueNotifications } from "./enqueue";
import { giveUp } from "./give-up";
import {
  NotificationGroupSchema,
  type NotifyMessage,
} from "./notify-message";
import { throttleLimits, type DeliverySettings } from "./settings";
import type { ThrottledDelivery } from "./throttled-delivery";

/** The action on the queue message once a delivery step has run. */
export type MessageOutcome =
  | { action: "ack" }
  | { action: "retry"; delaySeconds: number };

const ACK: MessageOutcome = { action: "ack" };

/** One delivery of one queue message. */
export interface DeliveryTask {
  message: NotifyMessage;
  /** The attempt number across every message of the notification. */
  attempt: number;
  settings: DeliverySettings;
}

function logFields(row: NotificationRow, attempt: number) {
  return {
    notificationId: row.id,
    receiver: row.receiver,
    channel: row.channel,
    endpoint: row.endpoint,
    groupKey: row.groupKey,
    attempt,
  };
}

/**
 * Delivers one notification: skips one already delivered or given up,
 * builds the channel's payload, sends it through the endpoint's throttle,
 * and decides on a retry. Returns what to do with the queue message.
 */
export async function deliverNotification(
  env: Env,
  task: DeliveryTask,
): Promise<MessageOutcome> {
  const id = task.message.notificationId;
  const row = await getNotification(env.DB, id);
  if (!row) {
    log.warn("notify:unknown", { notificationId: id });
    return ACK;
  }
  if (row.status === "delivered" || row.status === "dead") {
    // A redelivered message: the log already has the final outcome.
    log.info("notify:duplicate", { ...logFields(row, task.attempt), status: row.status });
    return ACK;
  }
  const config = await resolveChannel(env, row);
  if (!config) {
    const detail = `receiver ${row.receiver} has no channel ${row.channelIndex}`;
    await giveUp(env, row, { reason: "channel_missing", attempts: row.attempts, lastError: detail, lastStatus: null });
    return ACK;
  }
  const outcome = await sendThrottled(env, row, config, task.settings);
  return applyOutcome(env, row, task, outcome);
}

async function sendThrottled(
  env: Env,
  row: NotificationRow,
  config: ChannelConfig,
  settings: DeliverySettings,
): Promise<ThrottledDelivery> {
  const group = NotificationGroupSchema.parse(row.content);
  const payload = buildPayload(config, group, row.decidedAt);
  const stub = env.ENDPOINT_THROTTLE.getByName(await endpointKey(config));
  return stub.deliverNotification({
    notificationId: row.id,
    config,
    payload,
    timeoutMs: settings.timeoutMs,
    limits: throttleLimits(config.type, settings),
  });
}

async function applyOutcome(
  env: Env,
  row: NotificationRow,
  task: DeliveryTask,
  outcome: ThrottledDelivery,
): Promise<MessageOutcome> {
  const nowMs = Date.now();
  if (outcome.kind === "duplicate") {
    // Delivered before, but the log missed it: the process stopped between.
    await recordAttempt(env.DB, row.id, {
      attempts: Math.max(row.attempts, 1),
      status: "delivered",
      lastStatus: row.lastStatus,
      lastError: null,
      nowMs,
    });
    return ACK;
  }
  if (outcome.kind === "deferred") {
    // A new message, so waiting for the endpoint costs no attempt.
    const delaySeconds = delaySecondsFor(outcome.retryAtMs - nowMs);
    const priorAttempts = task.attempt - 1;
    await enqueueNotifications(env, [{ notificationId: row.id, priorAttempts }], delaySeconds);
    log.debug("notify:deferred", { ...logFields(row, task.attempt), cause: outcome.cause, delaySeconds });
    return ACK;
  }
  return decideAfterAttempt(env, row, task, outcome.result);
}

async function decideAfterAttempt(
  env: Env,
  row: NotificationRow,
  task: DeliveryTask,
  result: DeliveryResult,
): Promise<MessageOutcome> {
  const fields = { ...logFields(row, task.attempt), httpStatus: result.status };
  const decision = decideRetry(task.attempt, result, task.settings.retryPolicy);
  const nowMs = Date.now();
  const attempt = {
    attempts: task.attempt,
    lastStatus: result.status,
    lastError: result.ok ? null : result.message,
    nowMs,
  };
  if (decision.retry) {
    await recordAttempt(env.DB, row.id, { ...attempt, status: "retrying" });
    const delaySeconds = delaySecondsFor(decision.delayMs);
    // One warning per failure kind; the same failure again is only debug.
    const repeated = row.lastError === result.message;
    const level = repeated ? "debug" : "warn";
    log[level]("notify:retry", { ...fields, errorCode: result.errorCode, error: result.message, delaySeconds });
    return { action: "retry", delaySeconds };
  }
  if (decision.reason === "delivered") {
    await recordAttempt(env.DB, row.id, { ...attempt, status: "delivered" });
    log.info("notify:delivered", { ...fields, latencyMs: nowMs - row.decidedAt });
    return ACK;
  }
  await recordAttempt(env.DB, row.id, { ...attempt, status: "retrying" });
  await giveUp(env, row, {
    reason: decision.reason,
    attempts: task.attempt,
    lastError: result.message,
    lastStatus: result.status,
  });
  return ACK;
}
