import type { z } from "zod";
import type { IngestResultSchema } from "../../src/api/routes/events";
import type { PosEventSchema } from "../../src/domain/event";
import type { LocationInputSchema } from "../../src/domain/location";

const REQUEST_TIMEOUT_MS = 30_000;

export type LocationRequest = z.input<typeof LocationInputSchema>;
export type EventRequest = z.input<typeof PosEventSchema>;
export type IngestResult = z.infer<typeof IngestResultSchema>;

/** A created ingest token; the secret `token` is shown only once. */
export interface CreatedToken {
  id: string;
  token: string;
  locationIds: string[] | null;
}

/** Raised for a non-2xx response; the message contains the API's error body. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} returned ${status}: ${body.slice(0, 2_000)}`);
    this.name = "ApiError";
  }
}

/** Typed calls to the sitewatch HTTP API at `baseUrl`. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  /** Sends a request with a JSON body and returns the parsed JSON response. */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    token = this.token,
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(method, path, response.status, text);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Registers or updates up to 1,000 locations in one request. */
  registerLocations(
    locations: LocationRequest[],
  ): Promise<{ upserted: number }> {
    return this.request("POST", "/v1/locations", locations);
  }

  /** Creates an ingest token for the listed locations, or all when null. */
  createToken(
    options: { label?: string; locationIds?: string[] | null } = {},
  ): Promise<CreatedToken> {
    return this.request("POST", "/v1/tokens", options);
  }

  /** Posts one batch of events, with `token` (an ingest token) if given. */
  postEvents(events: EventRequest[], token?: string): Promise<IngestResult> {
    return this.request("POST", "/v1/events", { events }, token);
  }
}
