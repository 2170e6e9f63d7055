import type { z } from "zod";
import type { DeliveryResult } from "../delivery-result";
import type { NotificationGroup } from "../group";
import type { DeliverOptions } from "./deliver-options";

/**
 * What each channel folder provides: its config schema, a payload builder
 * for one message carrying a whole group, a sender, and a redacted view of
 * its config for logs and API responses.
 */
export interface Channel<Config extends { type: string }, Payload> {
  type: Config["type"];
  configSchema: z.ZodType<Config, unknown>;
  /** `nowMs` is when the notification was decided, kept across retries. */
  buildPayload(group: NotificationGroup, nowMs: number): Payload;
  deliver(
    config: Config,
    payload: Payload,
    options: DeliverOptions,
  ): Promise<DeliveryResult>;
  redact(config: Config): Record<string, string>;
}
