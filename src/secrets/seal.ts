const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes of `SECRETS_KEY` once base64-decoded: an AES-256 key. */
export const SECRETS_KEY_BYTES = 32;

/** AES-GCM nonce length; 96 bits is the size GCM is specified for. */
const IV_BYTES = 12;

/** Prefix of a sealed value, naming the format so it can change later. */
const SEALED_PREFIX = "v1.";

/** Raised when `SECRETS_KEY` is missing or not 32 base64-encoded bytes. */
export class SecretsKeyInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretsKeyInvalid";
  }
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function decodeKey(secretsKey: string | undefined): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(secretsKey ?? "");
  } catch {
    // atob throws on characters outside base64; report it as a bad key.
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
 * Derives the AES-GCM key for one purpose from `SECRETS_KEY` with HKDF, so
 * the same secret can serve other purposes without reusing a key.
 */
function sealingKey(secretsKey: string, purpose: string): Promise<CryptoKey> {
  const cacheKey = `${purpose}\u0000${secretsKey}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = deriveKey(secretsKey, purpose);
    keys.set(cacheKey, key);
  }
  return key;
}

async function deriveKey(secretsKey: string, purpose: string) {
  const master = await crypto.subtle.importKey(
    "raw",
    decodeKey(secretsKey),
    "HKDF",
    false,
    ["deriveKey"],
  );
  return crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(0),
      info: encoder.encode(`sitewatch ${purpose}`),
    },
    master,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** The binding of a sealed value: its purpose and the record it belongs to. */
export interface SealContext {
  purpose: string;
  /** Authenticated but not encrypted, such as `version 3`. */
  associatedData: string;
}

/**
 * Encrypts text with AES-256-GCM and returns `v1.<iv>.<ciphertext>` in
 * base64. The associated data binds the value to its record, so a sealed
 * value copied to another record fails to open.
 */
export async function seal(
  secretsKey: string,
  context: SealContext,
  plaintext: string,
): Promise<string> {
  const key = await sealingKey(secretsKey, context.purpose);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    {
      name: "AES-GCM",
      iv,
      additionalData: encoder.encode(context.associatedData),
    },
    key,
    encoder.encode(plaintext),
  );
  const body = `${toBase64(iv)}.${toBase64(new Uint8Array(ciphertext))}`;
  return `${SEALED_PREFIX}${body}`;
}

/** Decrypts a value from `seal`; throws when it was altered or moved. */
export async function open(
  secretsKey: string,
  context: SealContext,
  sealed: string,
): Promise<string> {
  const [version, iv, ciphertext] = sealed.split(".");
  if (`${version}.` !== SEALED_PREFIX || !iv || !ciphertext) {
    throw new TypeError("sealed value is not in the v1 format");
  }
  const key = await sealingKey(secretsKey, context.purpose);
  const plaintext = await crypto.subtle.decrypt(
    {
      name: "AES-GCM",
      iv: fromBase64(iv),
      additionalData: encoder.encode(context.associatedData),
    },
    key,
    fromBase64(ciphertext),
  );
  return decoder.decode(plaintext);
}
