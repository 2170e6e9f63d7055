import { z } from "zod";
import { WebhookUrlSchema } from "../webhook-url";

/**
 * A Microsoft Teams Workflows webhook ("When a Teams webhook request is
 * received"); the URL carries its signature, so it is the credential.
 */
export const TeamsConfigSchema = z.strictObject({
  type: z.literal("teams"),
  url: WebhookUrlSchema,
});
export type TeamsConfig = z.infer<typeof TeamsConfigSchema>;
