import type { DeliveryResult } from "../delivery-result";
import type { NotificationGroup } from "../group";
import type { Channel } from "./channel";
import type { ChannelConfig } from "./config";
import type { DeliverOptions } from "./deliver-options";
import { slackChannel } from "./slack";
import { teamsChannel } from "./teams";
import { webhookChannel } from "./webhook";

/** Every channel, by its config's `type`. */
export const CHANNELS = {
  slack: slackChannel,
  teams: teamsChannel,
  webhook: webhookChannel,
} as const;

// One place widens the per-channel types, so callers can hold any config.
function channelFor(config: ChannelConfig): Channel<ChannelConfig, unknown> {
  return CHANNELS[config.type] as unknown as Channel<ChannelConfig, unknown>;
}

/** Builds the payload of one message for a group on the given channel. */
export function buildPayload(
  config: ChannelConfig,
  group: NotificationGroup,
  nowMs: number,
): unknown {
  return channelFor(config).buildPayload(group, nowMs);
}

/** Sends a payload built by `buildPayload` for the same config. */
export function deliver(
  config: ChannelConfig,
  payload: unknown,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  return channelFor(config).deliver(config, payload, options);
}

/** Returns a config with its URL and secret redacted, safe to log or show. */
export function redactChannelConfig(
  config: ChannelConfig,
): Record<string, string> {
  return channelFor(config).redact(config);
}
