import {
  resultForNoResponse,
  resultForStatus,
  type DeliveryResult,
} from "./delivery-result";
import { scrubText } from "./redact";
import { parseRetryAfterMs } from "./retry-after";

/** Characters of an error response body kept in the result's message. */
export const MAX_DETAIL_CHARS = 200;

/** Default time a receiver has to respond, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** One POST of a JSON body to a receiver. */
export interface PostRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** The instant an HTTP-date `Retry-After` is measured from. */
  nowMs: number;
  /** Values that must never appear in the result: the URL and any secret. */
  secrets: readonly string[];
}

async function readDetail(
  response: Response,
  secrets: readonly string[],
): Promise<string> {
  try {
    const text = await response.text();
    return scrubText(text.slice(0, MAX_DETAIL_CHARS).trim(), secrets);
  } catch {
    // The body only adds detail to the message, and the status is enough.
    return "";
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}

function resultForError(error: unknown, request: PostRequest): DeliveryResult {
  if (isTimeout(error)) {
    return resultForNoResponse(
      "timeout",
      `no response within ${request.timeoutMs} ms`,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return resultForNoResponse(
    "network_error",
    `request failed: ${scrubText(reason, request.secrets)}`,
  );
}

/**
 * POSTs a JSON body and classifies the response. Redirects are returned, not
 * followed, and every failure, a timeout or a network error included, comes
 * back as a result rather than a thrown error.
 */
export async function postJson(request: PostRequest): Promise<DeliveryResult> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...request.headers },
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    return resultForError(error, request);
  }
  const ok = response.status >= 200 && response.status < 300;
  const detail = ok ? "" : await readDetail(response, request.secrets);
  if (ok) await response.body?.cancel();
  const retryAfterMs = parseRetryAfterMs(
    response.headers.get("retry-after"),
    request.nowMs,
  );
  return resultForStatus(response.status, retryAfterMs, detail);
}
