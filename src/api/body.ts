import type { Context } from "hono";
import { PayloadTooLarge, ValidationFailed } from "./errors";

function formatBytes(bytes: number): string {
  return bytes >= 1_048_576
    ? `${(bytes / 1_048_576).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Reads a JSON body of at most `maxBytes`. The declared length is checked
 * before reading and the real length after, since either may be missing.
 */
export async function readJson(c: Context, maxBytes: number, splitHint: string) {
  const tooLarge = (bytes: number) =>
    new PayloadTooLarge(
      `body of ${formatBytes(bytes)} exceeds the limit of ${formatBytes(maxBytes)}; ${splitHint}`,
      {
        field: "(body)",
        problem: `the body is ${formatBytes(bytes)}, over the limit of ${formatBytes(maxBytes)}`,
        fix: splitHint,
      },
    );
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(declared);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > maxBytes) throw tooLarge(buffer.byteLength);
  try {
    return JSON.parse(new TextDecoder().decode(buffer)) as unknown;
  } catch (error) {
    throw new ValidationFailed("body is not valid JSON", [
      {
        field: "(body)",
        problem: `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        fix: "send a JSON document with Content-Type: application/json",
      },
    ]);
  }
}
