import { secretKeyBytes } from "./config";

/** The three headers Standard Webhooks defines. */
export interface SignatureHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

function toBase64(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

/**
 * Signs a body per Standard Webhooks: HMAC-SHA256, keyed with the decoded
 * `whsec_` secret, over `id.timestamp.body`, sent as `v1,<base64>`. The
 * timestamp is whole seconds since the epoch. The body must be the exact
 * string sent, because any re-serialisation breaks the signature.
 */
export async function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<SignatureHeaders> {
  const keyBytes = secretKeyBytes(secret);
  if (keyBytes === null) {
    // The config schema rejects such secrets, so this is a programming error.
    throw new TypeError("signing secret is not a whsec_ base64 secret");
  }
  const key = await crypto.subtle.importKey(
    "raw",
    keyBytes,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signed = `${id}.${timestampSeconds}.${body}`;
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(signed),
  );
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": `v1,${toBase64(mac)}`,
  };
}
