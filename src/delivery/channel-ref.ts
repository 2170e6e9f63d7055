import { sha256Hex } from "../auth/crypto";
import type { ChannelConfig } from "../notify/channels/config";
import { loadRoutingVersion } from "../registry/routing-documents";

/** The location of a notification's channel in the routing documents. */
export interface ChannelRef {
  routingVersion: number;
  receiver: string;
  channelIndex: number;
}

/**
 * Looks up a channel's config, with its URL and secret, in the routing
 * version it was decided under. Returns null when that version has no such
 * receiver or channel.
 */
export async function resolveChannel(
  env: Env,
  ref: ChannelRef,
): Promise<ChannelConfig | null> {
  const { routing } = await loadRoutingVersion(env, ref.routingVersion);
  const receiver = routing.receivers.get(ref.receiver);
  return receiver?.channels[ref.channelIndex] ?? null;
}

/**
 * Returns the name of an endpoint's throttle object: the hex SHA-256 of its
 * URL, so every notification to one webhook shares one object while the
 * name reveals nothing of the URL.
 */
export function endpointKey(config: ChannelConfig): Promise<string> {
  return sha256Hex(config.url);
}
