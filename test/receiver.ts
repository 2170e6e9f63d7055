import { env } from "cloudflare:workers";
import type { RecordedRequest, ScriptedResponse } from "./receiver-server";

/** Returns the loopback URL of a named hook on the test receiver. */
export function hookUrl(name: string): string {
  return `${env.RECEIVER_URL}/hook/${name}`;
}

/** Resets a hook and sets how it answers. */
export async function scriptHook(
  name: string,
  script: {
    responses?: ScriptedResponse[];
    fallback?: ScriptedResponse;
    rateLimit?: { perSecond: number; retryAfterSeconds: number };
  } = {},
): Promise<void> {
  await fetch(`${env.RECEIVER_URL}/control/${name}`, {
    method: "POST",
    body: JSON.stringify(script),
  });
}

/** Lists the requests a hook has received. */
export async function receivedBy(name: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${env.RECEIVER_URL}/control/${name}`);
  const { requests } = (await response.json()) as { requests: RecordedRequest[] };
  return requests;
}
