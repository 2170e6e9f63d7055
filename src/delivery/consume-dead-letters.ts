import { log } from "../log";
import { getNotification, markDead } from "../registry/notifications";
import { NotifyDeadLetterSchema, type NotifyDeadLetter } from "./notify-message";

/** Reason recorded when the queue moved a message after consumer failures. */
export const CONSUMER_FAILED = "consumer_failed";

async function recordDeadLetter(
  env: Env,
  body: NotifyDeadLetter,
): Promise<void> {
  const nowMs = Date.now();
  const reason = body.deadLetter?.reason ?? CONSUMER_FAILED;
  await markDead(env.DB, body.notificationId, reason, nowMs);
  const row = await getNotification(env.DB, body.notificationId);
  log.error("notify:dead", {
    notificationId: body.notificationId,
    receiver: row?.receiver,
    channel: row?.channel,
    endpoint: row?.endpoint,
    groupKey: row?.groupKey,
    reason,
    attempts: body.deadLetter?.attempts ?? row?.attempts,
    httpStatus: body.deadLetter?.lastStatus ?? row?.lastStatus,
    error: body.deadLetter?.lastError ?? row?.lastError,
  });
}

/**
 * Consumes the notifications dead-letter queue: marks each notification
 * dead with its reason, where the API lists it for replay.
 */
export async function consumeNotifyDeadLetters(
  batch: MessageBatch,
  env: Env,
): Promise<void> {
  for (const message of batch.messages) {
    const parsed = NotifyDeadLetterSchema.safeParse(message.body);
    if (!parsed.success) {
      log.error("notify:invalid_dead_letter", { messageId: message.id });
      message.ack();
      continue;
    }
    try {
      await recordDeadLetter(env, parsed.data);
      message.ack();
    } catch (error) {
      // Only D1 can fail here; the dead letter is kept until it is recorded.
      log.error("notify:dead_letter_failed", {
        notificationId: parsed.data.notificationId,
        error: error instanceof Error ? error.name : "unknown",
      });
      message.retry({ delaySeconds: 5 });
    }
  }
}
