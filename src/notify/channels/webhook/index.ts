import { redactSecret, redactUrl } from "../../redact";
import type { Channel } from "../channel";
import { WebhookConfigSchema, type WebhookConfig } from "./config";
import { deliverWebhook } from "./deliver";
import { buildWebhookPayload, type WebhookPayload } from "./payload";

/** Generic JSON webhooks signed per Standard Webhooks. */
export const webhookChannel: Channel<WebhookConfig, WebhookPayload> = {
  type: "webhook",
  configSchema: WebhookConfigSchema,
  buildPayload: buildWebhookPayload,
  deliver: deliverWebhook,
  redact: (config) => ({
    type: config.type,
    url: redactUrl(config.url),
    secret: redactSecret(config.secret),
  }),
};
