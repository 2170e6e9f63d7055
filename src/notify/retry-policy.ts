import type { DeliveryResult } from "./delivery-result";

/** Bounds of the retry schedule, in milliseconds and attempts. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Backoff ceiling before jitter for the first retry. */
  baseDelayMs: number;
  /** Largest backoff the exponential schedule may reach. */
  maxDelayMs: number;
  /** Largest `Retry-After` honoured; a longer one gives up the delivery. */
  maxRetryAfterMs: number;
}

/**
 * Seven attempts, so six retries as the notifications queue allows with
 * `max_retries = 6` in wrangler.toml. The backoff ceilings add up to about
 * two minutes, on top of any `Retry-After` the receiver sends.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 7,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

export type RetryDecision =
  | { retry: true; delayMs: number }
  | {
      retry: false;
      reason:
        | "delivered"
        | "not_retryable"
        | "attempts_exhausted"
        | "retry_after_too_long";
    };

/** Returns the backoff ceiling after `attempt` failed attempts. */
export function backoffCeilingMs(attempt: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * Decides whether and when to try a delivery again after attempt number
 * `attempt` (1 for the first) ended in `result`. The delay is exponential
 * backoff with full jitter, a uniform draw below the ceiling, so many
 * failing notifications spread out instead of retrying in step. A 429 or 503
 * with `Retry-After` waits at least that long, plus the jitter, so nothing
 * reaches the receiver before it asked.
 */
export function decideRetry(
  attempt: number,
  result: DeliveryResult,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  if (result.ok) return { retry: false, reason: "delivered" };
  if (!result.retryable) return { retry: false, reason: "not_retryable" };
  if (attempt >= policy.maxAttempts) {
    return { retry: false, reason: "attempts_exhausted" };
  }
  const retryAfterMs = result.retryAfterMs ?? 0;
  if (retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, reason: "retry_after_too_long" };
  }
  const jitterMs = Math.floor(random() * backoffCeilingMs(attempt, policy));
  return { retry: true, delayMs: retryAfterMs + jitterMs };
}
