import { describe, expect, it } from "vitest";
import type { DeliveryResult } from "../../src/notify/delivery-result";
import { resultForStatus } from "../../src/notify/delivery-result";
import { parseRetryAfterMs } from "../../src/notify/retry-after";
import {
  backoffCeilingMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
} from "../../src/notify/retry-policy";

const NOW = Date.parse("2026-03-02T09:00:00Z");
const failed = (status: number, retryAfterMs: number | null = null) =>
  resultForStatus(status, retryAfterMs, "");

describe("resultForStatus", () => {
  // Each status is retryable or final as shown.
  it.each([
    [200, true, false, null],
    [202, true, false, null],
    [301, false, false, "redirected"],
    [400, false, false, "client_error"],
    [404, false, false, "client_error"],
    [408, false, true, "request_timeout"],
    [410, false, false, "gone"],
    [429, false, true, "rate_limited"],
    [500, false, true, "server_error"],
    [503, false, true, "server_error"],
  ])("classifies %i", (status, ok, retryable, errorCode) => {
    const result = failed(status);
    expect(result.ok).toBe(ok);
    expect(result.retryable).toBe(retryable);
    expect(result.errorCode).toBe(errorCode);
  });
});

describe("parseRetryAfterMs", () => {
  it("reads delay seconds", () => {
    expect(parseRetryAfterMs("2", NOW)).toBe(2_000);
  });

  it("reads an HTTP date", () => {
    const header = new Date(NOW + 30_000).toUTCString();
    expect(parseRetryAfterMs(header, NOW)).toBe(30_000);
  });

  it("reads a past date as no wait", () => {
    expect(parseRetryAfterMs("Mon, 02 Mar 2026 08:00:00 GMT", NOW)).toBe(0);
  });

  it("ignores a missing or unreadable header", () => {
    expect(parseRetryAfterMs(null, NOW)).toBeNull();
    expect(parseRetryAfterMs("soon", NOW)).toBeNull();
    expect(parseRetryAfterMs("-3", NOW)).toBeNull();
  });
});

describe("decideRetry", () => {
  const policy = DEFAULT_RETRY_POLICY;

  it("stops after a delivery", () => {
    expect(decideRetry(1, failed(200))).toEqual({ retry: false, reason: "delivered" });
  });

  it("gives up on a final status", () => {
    expect(decideRetry(1, failed(400))).toEqual({
      retry: false,
      reason: "not_retryable",
    });
  });

  it("gives up after the last attempt", () => {
    expect(decideRetry(policy.maxAttempts, failed(500))).toEqual({
      retry: false,
      reason: "attempts_exhausted",
    });
  });

  it("draws full jitter below the ceiling", () => {
    const low = decideRetry(3, failed(500), policy, () => 0);
    const high = decideRetry(3, failed(500), policy, () => 0.999_999);
    expect(low).toEqual({ retry: true, delayMs: 0 });
    expect(high).toEqual({
      retry: true,
      delayMs: backoffCeilingMs(3, policy) - 1,
    });
  });

  it("doubles the ceiling up to the cap", () => {
    expect(backoffCeilingMs(1, policy)).toBe(2_000);
    expect(backoffCeilingMs(2, policy)).toBe(4_000);
    expect(backoffCeilingMs(30, policy)).toBe(policy.maxDelayMs);
  });

  it("never retries before Retry-After", () => {
    for (const draw of [0, 0.5, 0.99]) {
      const decision = decideRetry(1, failed(429, 2_000), policy, () => draw);
      expect(decision.retry).toBe(true);
      const delayMs = decision.retry ? decision.delayMs : 0;
      expect(delayMs).toBeGreaterThanOrEqual(2_000);
    }
  });

  it("gives up when Retry-After is too long", () => {
    const result: DeliveryResult = failed(429, policy.maxRetryAfterMs + 1);
    expect(decideRetry(1, result)).toEqual({
      retry: false,
      reason: "retry_after_too_long",
    });
  });
});
