import { exports } from "cloudflare:workers";

export const ADMIN = "test-admin-token";

function serialize(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === "string" ? body : JSON.stringify(body);
}

/** Calls the Worker's HTTP API, with the admin token unless `token` is set. */
export async function api(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = init.token === undefined ? ADMIN : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await exports.default.fetch(`http://sitewatch.test${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: serialize(init.body),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text for the assertion message.
  }
  return { status: response.status, body };
}

/** Builds a minimal valid location; `overrides` replace any field. */
export function location(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    name: `Store ${id}`,
    timezone: "America/New_York",
    country: "US",
    region: "us-east",
    currency: "USD",
    tags: ["test"],
    ...overrides,
  };
}

/** Registers locations and fails the test if the API rejects them. */
export async function register(...locations: Record<string, unknown>[]) {
  const result = await api("/v1/locations", { body: locations });
  if (result.status !== 200) throw new Error(`register failed: ${JSON.stringify(result.body)}`);
}

let sequence = 0;

/** Builds a valid sale event at `at` (ISO string or epoch ms). */
export function sale(locationId: string, at: string | number, overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    id: `e-${locationId}-${sequence}`,
    locationId,
    type: "sale",
    timestamp: typeof at === "number" ? new Date(at).toISOString() : at,
    amount: "12.50",
    currency: "USD",
    tender: "card",
    ...overrides,
  };
}
