import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event";
import { api } from "../helpers";
import { hookUrl, receivedBy } from "../receiver";
import type { RecordedRequest } from "../receiver-server";

/** A signing secret of 32 bytes in the `whsec_` form. */
export const SIGNING_SECRET = `whsec_${btoa("delivery-test-signing-key-32-byte")}`;

/**
 * Returns a hook name carrying a long token, as real webhook paths do, so a
 * test can check that the token never shows up anywhere.
 */
export function secretHook(name: string): string {
  return `${name}-T0SECRET${crypto.randomUUID().replaceAll("-", "")}`;
}

/** Uploads a routing document and fails the test if it is rejected. */
export async function putRouting(document: unknown): Promise<number> {
  const result = await api("/v1/routing", { method: "PUT", body: document });
  if (result.status !== 200) {
    throw new Error(`routing upload failed: ${JSON.stringify(result.body)}`);
  }
  return result.body.version;
}

/** A document routing everything to one receiver with the given channels. */
export function singleReceiver(
  channels: unknown[],
  route: Record<string, unknown> = {},
): unknown {
  return {
    route: {
      receiver: "ops",
      group_by: ["location", "category"],
      group_wait: "0s",
      group_interval: "1m",
      repeat_interval: "4h",
      ...route,
    },
    receivers: [{ name: "ops", channels }],
  };
}

export function slack(hook: string) {
  return { type: "slack", url: hookUrl(hook) };
}

export function teams(hook: string) {
  return { type: "teams", url: hookUrl(hook) };
}

export function webhook(hook: string) {
  return { type: "webhook", url: hookUrl(hook), secret: SIGNING_SECRET };
}

/** Puts alert events on the alerts queue, as a location does. */
export async function emit(...events: AlertEvent[]): Promise<void> {
  for (const event of events) await env.ALERTS_QUEUE.send(event);
}

/** Waits until a hook has received at least `count` requests. */
export async function waitForRequests(
  hook: string,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedRequest[]> {
  return vi.waitUntil(
    async () => {
      const requests = await receivedBy(hook);
      return requests.length >= count ? requests : false;
    },
    { timeout: timeoutMs, interval: 100 },
  );
}

/** Waits until `check` holds, polling every 100 ms. */
export async function eventually<T>(
  check: () => Promise<T | false | null | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  return vi.waitUntil(async () => (await check()) || false, {
    timeout: timeoutMs,
    interval: 100,
  }) as Promise<T>;
}

/** Returns the group objects an alert would join, from the dry run. */
export async function groupObjectsFor(alert: AlertEvent): Promise<string[]> {
  const result = await api("/v1/routing/test", { body: { alert } });
  if (result.status !== 200) {
    throw new Error(`dry run failed: ${JSON.stringify(result.body)}`);
  }
  return result.body.routes.map((r: { groupObject: string }) => r.groupObject);
}

/** Returns a group's object, by its name from `groupObjectsFor`. */
export function groupStub(name: string) {
  return env.ALERT_GROUP.getByName(name);
}

/** Waits until a group holds `count` alerts, so its alarm can be run. */
export async function waitForGroupAlerts(
  name: string,
  count: number,
): Promise<void> {
  await eventually(async () => {
    const state = await groupStub(name).getGroupState();
    return state.alerts.length >= count;
  });
}
