import { redactChannelConfig } from "../notify/channels/registry";
import type { RoutingDocument } from "../routing/document-schema";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function redactReceiver(raw: unknown, parsed: RoutingDocument["receivers"][0]) {
  if (!isObject(raw) || !Array.isArray(raw.channels)) return raw;
  const channels = raw.channels.map((channel, i) => {
    const config = parsed.channels[i];
    if (!isObject(channel) || !config) return channel;
    return { ...channel, ...redactChannelConfig(config) };
  });
  return { ...raw, channels };
}

/**
 * Returns the document as uploaded (durations and matchers as written) with
 * each channel's URL and secret replaced by its redacted form. `parsed` is
 * the validated form of `input`, so receivers and channels line up by index.
 */
export function redactDocument(
  input: unknown,
  parsed: RoutingDocument,
): unknown {
  if (!isObject(input) || !Array.isArray(input.receivers)) return input;
  const receivers = input.receivers.map((raw, i) =>
    redactReceiver(raw, parsed.receivers[i]),
  );
  return { ...input, receivers };
}
