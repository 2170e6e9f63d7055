import { z } from "zod";
import { AlertEventSchema } from "../alerts/alert-event";
import type { NotificationGroup } from "../notify/group";

/**
 * A message on the notifications queue. It names the notification only: the
 * alerts and the channel are read from its row, so a message stays small
 * and a dead letter contains no URL or secret.
 */
export const NotifyMessageSchema = z.object({
  notificationId: z.string().min(1),
  /**
   * Delivery attempts made under earlier messages of the same notification.
   * A deferred notification is sent again as a new message, whose queue
   * attempt count starts over, so its attempts so far travel here.
   */
  priorAttempts: z.int().nonnegative().default(0),
});
export type NotifyMessage = z.infer<typeof NotifyMessageSchema>;

/** The reason a notification was given up, carried on its dead letter. */
export const DeadLetterReasonSchema = z.object({
  reason: z.enum([
    "not_retryable",
    "attempts_exhausted",
    "retry_after_too_long",
    "channel_missing",
  ]),
  attempts: z.int().nonnegative(),
  /** The last failure, free of URLs and secrets. */
  lastError: z.string().nullable(),
  lastStatus: z.int().nullable(),
});
export type DeadLetterReason = z.infer<typeof DeadLetterReasonSchema>;

/**
 * A message on the notifications dead-letter queue: sent there with its
 * reason when delivery is given up, or moved there by the queue, without
 * one, when the consumer itself failed on every try.
 */
export const NotifyDeadLetterSchema = NotifyMessageSchema.extend({
  deadLetter: DeadLetterReasonSchema.optional(),
});
export type NotifyDeadLetter = z.infer<typeof NotifyDeadLetterSchema>;

/** A notification's alerts as stored on its row. */
export const NotificationGroupSchema: z.ZodType<NotificationGroup> = z.object({
  groupKey: z.string().min(1),
  receiver: z.string().min(1),
  groupLabels: z.record(z.string(), z.string()),
  firing: z.array(AlertEventSchema),
  resolved: z.array(AlertEventSchema),
});
