import type { DeliveryResult } from "../../delivery-result";
import { postJson } from "../../http-post";
import type { DeliverOptions } from "../deliver-options";
import type { SlackConfig } from "./config";
import type { SlackPayload } from "./payload";

/**
 * Posts a message to a Slack incoming webhook. Slack returns 200 `ok`, a
 * 4xx with an error word such as `invalid_payload`, or 429 with
 * `Retry-After` in seconds when the webhook posts faster than its limit.
 */
export function deliverSlack(
  config: SlackConfig,
  payload: SlackPayload,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  return postJson({
    url: config.url,
    body: JSON.stringify(payload),
    timeoutMs: options.timeoutMs,
    nowMs: options.nowMs,
    secrets: [config.url],
  });
}
