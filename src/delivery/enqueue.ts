import type { NotifyMessage } from "./notify-message";

/** Maximum delay of a queue message, in seconds (12 hours). */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;

/** Converts a delay in ms to the whole seconds a queue takes, rounding up. */
export function delaySecondsFor(delayMs: number): number {
  const seconds = Math.ceil(Math.max(0, delayMs) / 1_000);
  return Math.min(MAX_QUEUE_DELAY_SECONDS, seconds);
}

/** Puts notifications on the notifications queue, at most 100 per batch. */
export async function enqueueNotifications(
  env: Env,
  messages: readonly NotifyMessage[],
  delaySeconds = 0,
): Promise<void> {
  // Queues accept at most 100 messages per sendBatch call.
  for (let i = 0; i < messages.length; i += 100) {
    const chunk = messages.slice(i, i + 100);
    await env.NOTIFY_QUEUE.sendBatch(
      chunk.map((body) => ({ body, delaySeconds })),
    );
  }
}
