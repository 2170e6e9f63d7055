/** Stable codes for why a delivery failed. */
export type DeliveryErrorCode =
  | "rate_limited"
  | "server_error"
  | "request_timeout"
  | "timeout"
  | "network_error"
  | "redirected"
  | "gone"
  | "client_error";

/**
 * The outcome of one delivery attempt. `message` never contains the URL or
 * the secret, so the result can be logged and stored as it is.
 */
export interface DeliveryResult {
  ok: boolean;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** Whether trying the same request again later could succeed. */
  retryable: boolean;
  /** The receiver's `Retry-After`, in milliseconds, when it sent one. */
  retryAfterMs: number | null;
  errorCode: DeliveryErrorCode | null;
  message: string;
}

function errorCodeOf(status: number): DeliveryErrorCode {
  if (status === 429) return "rate_limited";
  if (status === 408) return "request_timeout";
  if (status === 410) return "gone";
  if (status >= 500) return "server_error";
  if (status >= 300 && status < 400) return "redirected";
  return "client_error";
}

/**
 * Classifies an HTTP status. 2xx succeeds, and 408, 429 and 5xx are worth
 * retrying. Redirects are not followed, so they are final like the other
 * 4xx, because the same request would fail the same way.
 */
export function resultForStatus(
  status: number,
  retryAfterMs: number | null,
  detail: string,
): DeliveryResult {
  if (status >= 200 && status < 300) {
    return {
      ok: true,
      status,
      retryable: false,
      retryAfterMs: null,
      errorCode: null,
      message: `delivered with HTTP ${status}`,
    };
  }
  const errorCode = errorCodeOf(status);
  const retryable =
    errorCode === "rate_limited" ||
    errorCode === "request_timeout" ||
    errorCode === "server_error";
  const suffix = detail === "" ? "" : `: ${detail}`;
  return {
    ok: false,
    status,
    retryable,
    retryAfterMs,
    errorCode,
    message: `receiver responded with HTTP ${status}${suffix}`,
  };
}

/** Builds the result of an attempt that got no response at all. */
export function resultForNoResponse(
  errorCode: "timeout" | "network_error",
  message: string,
): DeliveryResult {
  return {
    ok: false,
    status: null,
    retryable: true,
    retryAfterMs: null,
    errorCode,
    message,
  };
}
