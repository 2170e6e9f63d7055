import type { DeliveryResult } from "../../delivery-result";
import { postJson } from "../../http-post";
import type { DeliverOptions } from "../deliver-options";
import type { TeamsConfig } from "./config";
import type { TeamsPayload } from "./payload";

/** Posts a message to a Teams Workflows webhook, which accepts it with 2xx. */
export function deliverTeams(
  config: TeamsConfig,
  payload: TeamsPayload,
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
