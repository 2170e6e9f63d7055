import type { DeliveryResult } from "../../delivery-result";
import { postJson } from "../../http-post";
import type { DeliverOptions } from "../deliver-options";
import type { WebhookConfig } from "./config";
import type { WebhookPayload } from "./payload";
import { signWebhook } from "./sign";

/**
 * Posts a signed JSON body. `webhook-id` is the notification id, the same on
 * every retry so receivers can drop duplicates, while `webhook-timestamp`
 * is the attempt's own time, as Standard Webhooks prescribes.
 */
export async function deliverWebhook(
  config: WebhookConfig,
  payload: WebhookPayload,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const body = JSON.stringify(payload);
  const timestampSeconds = Math.floor(options.nowMs / 1_000);
  const headers = await signWebhook(
    config.secret,
    options.notificationId,
    timestampSeconds,
    body,
  );
  return postJson({
    url: config.url,
    body,
    headers: { ...headers },
    timeoutMs: options.timeoutMs,
    nowMs: options.nowMs,
    secrets: [config.url, config.secret],
  });
}
