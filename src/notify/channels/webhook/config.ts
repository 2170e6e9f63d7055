import { z } from "zod";
import { WebhookUrlSchema } from "../webhook-url";

/** Standard Webhooks prefix of a symmetric signing secret. */
export const SECRET_PREFIX = "whsec_";

// Standard Webhooks asks for 24 to 64 random bytes (192 to 512 bits).
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

/** Decodes a `whsec_` secret to its key bytes, or null when malformed. */
export function secretKeyBytes(secret: string): Uint8Array | null {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  try {
    return Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  } catch {
    // atob throws on a length that is not a valid base64 length.
    return null;
  }
}

const SigningSecretSchema = z.string().superRefine((secret, ctx) => {
  const key = secretKeyBytes(secret);
  // The message never repeats the secret: it may be a real key mistyped.
  if (key === null) {
    ctx.addIssue({
      code: "custom",
      message: `signing secret must be ${SECRET_PREFIX} followed by base64`,
    });
  } else if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    ctx.addIssue({
      code: "custom",
      message:
        `signing secret decodes to ${key.length} bytes; use ` +
        `${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes`,
    });
  }
});

/** A generic JSON webhook signed per the Standard Webhooks convention. */
export const WebhookConfigSchema = z.strictObject({
  type: z.literal("webhook"),
  url: WebhookUrlSchema,
  secret: SigningSecretSchema,
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
