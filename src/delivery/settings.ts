import { z } from "zod";
import type { ChannelType } from "../notify/channels/config";
import { DEFAULT_TIMEOUT_MS } from "../notify/http-post";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../notify/retry-policy";
import type { ThrottleLimits } from "../notify/throttle";

/**
 * Minimum time between two messages to one endpoint, per channel. Slack's
 * rate-limit page gives posting messages as 1 per second with short bursts
 * allowed; the extra 100 ms absorbs network jitter. Teams Workflows and
 * generic webhooks publish no limit, so they are only slowed by a 429.
 */
export const MIN_INTERVAL_MS: Record<ChannelType, number> = {
  slack: 1_100,
  teams: 0,
  webhook: 0,
};

/** Maximum wait of a request inside the throttle before it is deferred. */
const DEFAULT_MAX_HOLD_MS = 3_000;

const MillisSchema = z.coerce.number().int().min(0).max(3_600_000);

const SettingsSchema = z.object({
  NOTIFY_TIMEOUT_MS: MillisSchema.min(1).default(DEFAULT_TIMEOUT_MS),
  NOTIFY_RETRY_BASE_DELAY_MS: MillisSchema.default(
    DEFAULT_RETRY_POLICY.baseDelayMs,
  ),
  NOTIFY_RETRY_MAX_DELAY_MS: MillisSchema.default(
    DEFAULT_RETRY_POLICY.maxDelayMs,
  ),
  NOTIFY_MAX_HOLD_MS: MillisSchema.default(DEFAULT_MAX_HOLD_MS),
});

/** Delivery settings read from the environment. */
export interface DeliverySettings {
  timeoutMs: number;
  retryPolicy: RetryPolicy;
  maxHoldMs: number;
}

/**
 * Reads delivery settings from vars (tests shorten the delays there); an
 * unset var takes the default above. Throws on a malformed value, so a
 * typo in wrangler.toml fails every delivery loudly instead of silently.
 */
export function deliverySettings(env: Env): DeliverySettings {
  const parsed = SettingsSchema.parse({
    NOTIFY_TIMEOUT_MS: env.NOTIFY_TIMEOUT_MS,
    NOTIFY_RETRY_BASE_DELAY_MS: env.NOTIFY_RETRY_BASE_DELAY_MS,
    NOTIFY_RETRY_MAX_DELAY_MS: env.NOTIFY_RETRY_MAX_DELAY_MS,
    NOTIFY_MAX_HOLD_MS: env.NOTIFY_MAX_HOLD_MS,
  });
  return {
    timeoutMs: parsed.NOTIFY_TIMEOUT_MS,
    retryPolicy: {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: parsed.NOTIFY_RETRY_BASE_DELAY_MS,
      maxDelayMs: parsed.NOTIFY_RETRY_MAX_DELAY_MS,
    },
    maxHoldMs: parsed.NOTIFY_MAX_HOLD_MS,
  };
}

/** Returns the pace of one channel's endpoint. */
export function throttleLimits(
  type: ChannelType,
  settings: DeliverySettings,
): ThrottleLimits {
  return { minIntervalMs: MIN_INTERVAL_MS[type], maxHoldMs: settings.maxHoldMs };
}
