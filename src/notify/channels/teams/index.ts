import { redactUrl } from "../../redact";
import type { Channel } from "../channel";
import { TeamsConfigSchema, type TeamsConfig } from "./config";
import { deliverTeams } from "./deliver";
import { buildTeamsPayload, type TeamsPayload } from "./payload";

/** Microsoft Teams Workflows webhooks with an Adaptive Card. */
export const teamsChannel: Channel<TeamsConfig, TeamsPayload> = {
  type: "teams",
  configSchema: TeamsConfigSchema,
  buildPayload: (group) => buildTeamsPayload(group),
  deliver: deliverTeams,
  redact: (config) => ({ type: config.type, url: redactUrl(config.url) }),
};
