import { z } from "zod";
import { WebhookUrlSchema } from "../webhook-url";

/** A Slack incoming webhook; the URL itself is the credential. */
export const SlackConfigSchema = z.strictObject({
  type: z.literal("slack"),
  url: WebhookUrlSchema,
});
export type SlackConfig = z.infer<typeof SlackConfigSchema>;
