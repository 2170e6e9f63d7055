import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeAlert } from "../alerts/fixtures";
import { api } from "../helpers";
import { receivedBy, scriptHook } from "../receiver";
import {
  emit,
  eventually,
  putRouting,
  secretHook,
  singleReceiver,
  waitForRequests,
  webhook,
} from "./helpers";

async function notificationFor(receiverHookLocation: string) {
  return eventually(async () => {
    const { body } = await api("/v1/notifications?limit=500");
    return body.notifications.find((n: { groupKey: string }) =>
      n.groupKey.includes(`location="${receiverHookLocation}"`),
    );
  });
}

async function waitForStatus(location: string, status: string, timeoutMs = 20_000) {
  return eventually(async () => {
    const row = await notificationFor(location);
    return row.status === status ? row : false;
  }, timeoutMs);
}

async function setUp(name: string, script: Parameters<typeof scriptHook>[1]) {
  const hook = secretHook(name);
  await scriptHook(hook, script);
  await putRouting(singleReceiver([webhook(hook)]));
  return hook;
}

describe("delivery retries", () => {
  it("retries a 500 and then delivers", async () => {
    const hook = await setUp("retry-500", { responses: [{ status: 500 }] });
    await emit(makeAlert({ locationId: "rt-500" }));

    const requests = await waitForRequests(hook, 2, 15_000);
    expect(requests.map((r) => r.status)).toEqual([500, 200]);
    expect(requests[1].headers["webhook-id"]).toBe(requests[0].headers["webhook-id"]);
    const row = await waitForStatus("rt-500", "delivered");
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBeNull();
  });

  it("retries after a timeout", async () => {
    // The receiver answers after 2.5 s; tests give it 1 s.
    const hook = await setUp("retry-timeout", {
      responses: [{ status: 200, delayMs: 2_500 }],
    });
    await emit(makeAlert({ locationId: "rt-timeout" }));

    const requests = await waitForRequests(hook, 2, 15_000);
    expect(requests).toHaveLength(2);
    const row = await waitForStatus("rt-timeout", "delivered");
    expect(row.attempts).toBe(2);
  });

  it("waits out Retry-After on a 429", async () => {
    const hook = await setUp("retry-429", {
      responses: [{ status: 429, headers: { "retry-after": "2" } }],
    });
    await emit(makeAlert({ locationId: "rt-429" }));

    const requests = await waitForRequests(hook, 2, 15_000);
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    const waitedMs = requests[1].receivedAt - requests[0].receivedAt;
    expect(waitedMs).toBeGreaterThanOrEqual(2_000);
    await waitForStatus("rt-429", "delivered");
  });

  it("gives up at once on a 400", async () => {
    const hook = await setUp("retry-400", {
      fallback: { status: 400, body: "invalid_payload" },
    });
    await emit(makeAlert({ locationId: "rt-400" }));

    const row = await waitForStatus("rt-400", "dead");
    expect(row.deadReason).toBe("not_retryable");
    expect(row.lastStatus).toBe(400);
    expect(row.lastError).toContain("invalid_payload");
    expect(await receivedBy(hook)).toHaveLength(1);
  });

  it(
    "dead-letters after the last attempt and replays",
    async () => {
      const hook = await setUp("retry-dead", { fallback: { status: 503 } });
      await emit(makeAlert({ locationId: "rt-dead" }));

      const row = await waitForStatus("rt-dead", "dead", 45_000);
      expect(row.deadReason).toBe("attempts_exhausted");
      expect(row.attempts).toBe(7);
      expect(await receivedBy(hook)).toHaveLength(7);
      const dead = await api("/v1/notifications?status=dead");
      expect(dead.body.notifications.map((n: { id: string }) => n.id)).toContain(row.id);

      // The receiver recovers; a replay delivers the same notification.
      await scriptHook(hook, { fallback: { status: 200 } });
      const replay = await api(`/v1/notifications/${row.id}/replay`, { method: "POST" });
      expect(replay.status).toBe(202);
      expect(replay.body.status).toBe("queued");
      const requests = await waitForRequests(hook, 1);
      expect(requests[0].headers["webhook-id"]).toBe(row.id);
      const delivered = await waitForStatus("rt-dead", "delivered");
      expect(delivered.attempts).toBe(1);

      const again = await api(`/v1/notifications/${row.id}/replay`, { method: "POST" });
      expect(again.status).toBe(409);
    },
    60_000,
  );

  it("sends a redelivered notification only once", async () => {
    const hook = await setUp("retry-redelivered", {});
    await emit(makeAlert({ locationId: "rt-redelivered" }));
    const row = await waitForStatus("rt-redelivered", "delivered");

    await env.NOTIFY_QUEUE.send({ notificationId: row.id, priorAttempts: 0 });
    await env.NOTIFY_QUEUE.send({ notificationId: row.id, priorAttempts: 0 });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await receivedBy(hook)).toHaveLength(1);
  });
});
