import { log } from "../log";
import type { NotificationRow } from "../registry/notifications";
import type { DeadLetterReason, NotifyDeadLetter } from "./notify-message";

/**
 * Sends a notification to the dead-letter queue with the reason delivery
 * stopped. The dead-letter consumer marks it dead, so a notification the
 * queue moved there after consumer failures is handled the same way.
 */
export async function giveUp(
  env: Env,
  row: NotificationRow,
  deadLetter: DeadLetterReason,
): Promise<void> {
  const body: NotifyDeadLetter = {
    notificationId: row.id,
    priorAttempts: deadLetter.attempts,
    deadLetter,
  };
  await env.NOTIFY_DEAD_LETTER_QUEUE.send(body);
  log.warn("notify:given_up", {
    notificationId: row.id,
    receiver: row.receiver,
    channel: row.channel,
    endpoint: row.endpoint,
    reason: deadLetter.reason,
    attempts: deadLetter.attempts,
  });
}
