import { z } from "zod";
import { SlackConfigSchema } from "./slack/config";
import { TeamsConfigSchema } from "./teams/config";
import { WebhookConfigSchema } from "./webhook/config";

/** One channel a receiver sends through, told apart by `type`. */
export const ChannelConfigSchema = z.discriminatedUnion("type", [
  SlackConfigSchema,
  TeamsConfigSchema,
  WebhookConfigSchema,
]);
export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;
export type ChannelType = ChannelConfig["type"];
