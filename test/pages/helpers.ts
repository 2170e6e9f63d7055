import { env, exports } from "cloudflare:workers";
import { signLinkToken, type LinkScope } from "../../src/auth/link-token";

export const DAY_MS = 24 * 3_600_000;

/** Signs a link token with the test key, valid for `lifetimeMs` from now. */
export function linkToken(scope: LinkScope | string, lifetimeMs = DAY_MS) {
  const resolved: LinkScope =
    typeof scope === "string" ? { kind: "location", locationId: scope } : scope;
  return signLinkToken(env.SECRETS_KEY, resolved, Date.now() + lifetimeMs);
}

/** Requests a page and returns its status, headers and text. */
export async function page(path: string, headers: Record<string, string> = {}) {
  const response = await exports.default.fetch(`http://sitewatch.test${path}`, {
    headers,
    redirect: "manual",
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
