import { redactUrl } from "../../redact";
import type { Channel } from "../channel";
import { SlackConfigSchema, type SlackConfig } from "./config";
import { deliverSlack } from "./deliver";
import { buildSlackPayload, type SlackPayload } from "./payload";

/** Slack incoming webhooks with a Block Kit message. */
export const slackChannel: Channel<SlackConfig, SlackPayload> = {
  type: "slack",
  configSchema: SlackConfigSchema,
  buildPayload: (group) => buildSlackPayload(group),
  deliver: deliverSlack,
  redact: (config) => ({ type: config.type, url: redactUrl(config.url) }),
};
