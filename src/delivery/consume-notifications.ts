import { errorText, log } from "../log";
import { scrubText } from "../notify/redact";
import { backoffCeilingMs } from "../notify/retry-policy";
import { deliverNotification } from "./deliver-notification";
import { delaySecondsFor } from "./enqueue";
import { NotifyMessageSchema } from "./notify-message";
import { deliverySettings, type DeliverySettings } from "./settings";

async function handleMessage(
  env: Env,
  message: Message,
  settings: DeliverySettings,
): Promise<void> {
  const parsed = NotifyMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    // A malformed message can never be delivered; retrying only delays it.
    log.error("notify:invalid_message", { messageId: message.id, issues: parsed.error.issues.length });
    message.ack();
    return;
  }
  const body = parsed.data;
  const attempt = body.priorAttempts + message.attempts;
  try {
    const outcome = await deliverNotification(env, { message: body, attempt, settings });
    if (outcome.action === "ack") message.ack();
    else message.retry({ delaySeconds: outcome.delaySeconds });
  } catch (error) {
    // D1, the queue or the throttle object failed, not the receiver. The
    // queue retries, and moves the message to the dead-letter queue after
    // its last retry; the text is scrubbed in case a URL is quoted.
    const delaySeconds = delaySecondsFor(backoffCeilingMs(message.attempts, settings.retryPolicy));
    log.error("notify:failed", {
      notificationId: body.notificationId,
      attempt,
      delaySeconds,
      error: scrubText(errorText(error), []),
    });
    message.retry({ delaySeconds });
  }
}

/**
 * Consumes the notifications queue: each message is one notification to one
 * channel, delivered concurrently with the rest of the batch. Endpoints are
 * paced by their throttle objects, not by this loop.
 */
export async function consumeNotifications(
  batch: MessageBatch,
  env: Env,
): Promise<void> {
  const settings = deliverySettings(env);
  await Promise.all(
    batch.messages.map((message) => handleMessage(env, message, settings)),
  );
}
