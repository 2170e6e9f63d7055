import { log } from "../log";
import { SecretsKeyInvalid } from "../secrets/seal";
import { LINK_TOKEN_LIFETIME_MS, signLinkToken } from "./link-token";

/** Path of a location's page, without origin or token. */
export function locationPagePath(locationId: string): string {
  return `/locations/${encodeURIComponent(locationId)}`;
}

let warnedUnsigned = false;

/**
 * Builds the URL of a location's page carrying a link token that expires
 * `LINK_TOKEN_LIFETIME_MS` after `nowMs`, so the link in an alert opens the
 * page without a login. With an unusable `SECRETS_KEY` it returns the link
 * without a token (which then needs the admin) instead of throwing, because
 * a bad key must not stop alerts from being sent.
 */
export async function signedLocationLink(
  baseUrl: string,
  locationId: string,
  secretsKey: string,
  nowMs: number,
): Promise<string> {
  const url = `${baseUrl}${locationPagePath(locationId)}`;
  try {
    const scope = { kind: "location", locationId } as const;
    const expiresMs = nowMs + LINK_TOKEN_LIFETIME_MS;
    const token = await signLinkToken(secretsKey, scope, expiresMs);
    return `${url}?token=${token}`;
  } catch (error) {
    if (!(error instanceof SecretsKeyInvalid)) throw error;
    // Logged once per isolate: every bucket close would repeat it.
    if (!warnedUnsigned) {
      log.warn("link:unsigned", { locationId, error: error.message });
      warnedUnsigned = true;
    }
    return url;
  }
}
