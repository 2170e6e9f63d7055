import { SECRETS_KEY_BYTES, SecretsKeyInvalid } from "../secrets/seal";

const encoder = new TextEncoder();

/** How long a link token is accepted after it was signed: 7 days. */
export const LINK_TOKEN_LIFETIME_MS = 7 * 24 * 3_600_000;

/** Bytes of an HMAC-SHA256 tag. */
const TAG_BYTES = 32;

/** Prefix naming the token format, so it can change later. */
const TOKEN_VERSION = "v1";

/**
 * The pages a link token opens: one location's, or every page for the
 * admin's browser session. The scope is signed with the expiry, so a token
 * for one location never opens another.
 */
export type LinkScope =
  | { kind: "location"; locationId: string }
  | { kind: "admin" };

/** A verified token: its scope and when it stops being accepted. */
export interface VerifiedLinkToken {
  scope: LinkScope;
  expiresMs: number;
}

/** The outcome of checking a token, as data. */
export type LinkTokenCheck =
  | { ok: true; token: VerifiedLinkToken }
  | { ok: false; reason: "malformed" | "invalid_signature" | "expired" };

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replaceAll("-", "+").replaceAll("_", "/");
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    // A length no base64 text can have (one character past a group).
    return null;
  }
}

function decodeSecretsKey(secretsKey: string | undefined): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(secretsKey ?? ""), (c) => c.charCodeAt(0));
  } catch {
    // atob throws on characters outside base64, so report a bad key.
    throw new SecretsKeyInvalid("SECRETS_KEY is not base64");
  }
  if (bytes.length !== SECRETS_KEY_BYTES) {
    throw new SecretsKeyInvalid(
      `SECRETS_KEY decodes to ${bytes.length} bytes; set it to ` +
        `${SECRETS_KEY_BYTES} random bytes in base64`,
    );
  }
  return bytes;
}

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * Derives the HMAC key for link tokens from `SECRETS_KEY` with HKDF, so the
 * secret that seals receiver URLs never signs anything directly.
 */
function signingKey(secretsKey: string): Promise<CryptoKey> {
  let key = keys.get(secretsKey);
  if (!key) {
    key = deriveSigningKey(secretsKey);
    // A rejected derivation is not cached, so a fixed key works at once.
    key.catch(() => keys.delete(secretsKey));
    keys.set(secretsKey, key);
  }
  return key;
}

async function deriveSigningKey(secretsKey: string): Promise<CryptoKey> {
  const master = await crypto.subtle.importKey(
    "raw",
    decodeSecretsKey(secretsKey),
    "HKDF",
    false,
    ["deriveKey"],
  );
  return crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(0),
      info: encoder.encode("sitewatch link-token"),
    },
    master,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
}

function scopeText(scope: LinkScope): string {
  return scope.kind === "admin" ? "admin" : `location:${scope.locationId}`;
}

function parseScope(text: string): LinkScope | null {
  if (text === "admin") return { kind: "admin" };
  if (!text.startsWith("location:")) return null;
  const locationId = text.slice("location:".length);
  return locationId ? { kind: "location", locationId } : null;
}

async function tagOf(secretsKey: string, message: string) {
  const key = await signingKey(secretsKey);
  const tag = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return new Uint8Array(tag);
}

/**
 * Signs a token for `scope` that is accepted until `expiresMs`. The token is
 * `v1.<scope>.<expiry in s>.<tag>`, URL-safe base64 apart from the dots, so
 * it fits in a query string without escaping. Throws `SecretsKeyInvalid`.
 */
export async function signLinkToken(
  secretsKey: string,
  scope: LinkScope,
  expiresMs: number,
): Promise<string> {
  const scopePart = toBase64Url(encoder.encode(scopeText(scope)));
  const expiresSeconds = Math.floor(expiresMs / 1000);
  const message = `${TOKEN_VERSION}.${scopePart}.${expiresSeconds}`;
  const tag = await tagOf(secretsKey, message);
  return `${message}.${toBase64Url(tag)}`;
}

/**
 * Checks a token's signature and expiry at `nowMs`. The tag is compared in
 * constant time; the scope is decoded only after the tag matched.
 * Throws `SecretsKeyInvalid` when the key itself is unusable.
 */
export async function verifyLinkToken(
  secretsKey: string,
  token: string,
  nowMs: number,
): Promise<LinkTokenCheck> {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== TOKEN_VERSION) {
    return { ok: false, reason: "malformed" };
  }
  const [version, scopePart, expiresPart, tagPart] = parts;
  const givenTag = fromBase64Url(tagPart);
  if (!/^\d{1,12}$/.test(expiresPart) || givenTag?.length !== TAG_BYTES) {
    return { ok: false, reason: "malformed" };
  }
  const message = `${version}.${scopePart}.${expiresPart}`;
  const expected = await tagOf(secretsKey, message);
  if (!crypto.subtle.timingSafeEqual(expected, givenTag)) {
    return { ok: false, reason: "invalid_signature" };
  }
  const scopeBytes = fromBase64Url(scopePart);
  const scope = scopeBytes && parseScope(new TextDecoder().decode(scopeBytes));
  if (!scope) return { ok: false, reason: "malformed" };
  const expiresMs = Number(expiresPart) * 1000;
  if (nowMs >= expiresMs) return { ok: false, reason: "expired" };
  return { ok: true, token: { scope, expiresMs } };
}
