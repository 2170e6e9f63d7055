import { AlertEventSchema } from "../alerts/alert-event";
import { log } from "../log";
import { recordRouteFailure } from "../registry/alerts";

/**
 * Consumes the alerts dead-letter queue: an event that failed routing on
 * every attempt is logged and marked on its alert, so `GET /v1/alerts`
 * shows that it reached no receiver.
 */
export async function consumeAlertDeadLetters(
  batch: MessageBatch,
  env: Env,
): Promise<void> {
  const nowMs = Date.now();
  for (const message of batch.messages) {
    const parsed = AlertEventSchema.safeParse(message.body);
    if (!parsed.success) {
      log.error("route:invalid_dead_letter", { messageId: message.id });
      message.ack();
      continue;
    }
    const event = parsed.data;
    const reason = "routing failed on every delivery of the alerts queue";
    log.error("route:dead", {
      fingerprint: event.fingerprint,
      locationId: event.location.id,
      type: event.type,
      status: event.status,
      reason,
    });
    try {
      await recordRouteFailure(env.DB, event, reason, nowMs);
      message.ack();
    } catch (error) {
      // D1 is down too; keep the dead letter until it can be recorded.
      log.error("route:dead_letter_failed", { fingerprint: event.fingerprint, error: error instanceof Error ? error.name : "unknown" });
      message.retry({ delaySeconds: 30 });
    }
  }
}
