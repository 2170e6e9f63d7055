import { describe, expect, it } from "vitest";
import { secretKeyBytes } from "../../../src/notify/channels/webhook/config";
import { deliverWebhook } from "../../../src/notify/channels/webhook/deliver";
import { buildWebhookPayload } from "../../../src/notify/channels/webhook/payload";
import { signWebhook } from "../../../src/notify/channels/webhook/sign";
import { makeAlert, makeGroup } from "../../alerts/fixtures";
import { hookUrl, receivedBy, scriptHook } from "../../receiver";
import { TEST_SECRET } from "../channel-cases";

const NOW = Date.parse("2026-03-02T09:30:00Z");

/** Verifies a Standard Webhooks signature the way a receiver would. */
async function verify(headers: Record<string, string>, body: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    secretKeyBytes(TEST_SECRET)!,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const [version, signature] = headers["webhook-signature"].split(",");
  const signed = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  const mac = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    mac,
    new TextEncoder().encode(signed),
  );
  return { version, valid };
}

describe("signWebhook", () => {
  it("signs id, timestamp and body", async () => {
    const body = '{"type":"alert_group.firing"}';
    const headers = await signWebhook(TEST_SECRET, "ntf_1", 1_772_443_800, body);
    expect(headers["webhook-id"]).toBe("ntf_1");
    expect(headers["webhook-timestamp"]).toBe("1772443800");
    expect(await verify({ ...headers }, body)).toEqual({ version: "v1", valid: true });
  });

  it("fails verification for a changed body", async () => {
    const headers = await signWebhook(TEST_SECRET, "ntf_1", 1_772_443_800, "{}");
    expect((await verify({ ...headers }, "{ }")).valid).toBe(false);
  });
});

describe("buildWebhookPayload", () => {
  it("carries the whole group as data", () => {
    const firing = makeAlert({ anomalyId: "a-1" });
    const resolved = makeAlert({ anomalyId: "a-2", status: "resolved" });
    const payload = buildWebhookPayload(makeGroup([firing, resolved]), NOW);
    expect(payload.type).toBe("alert_group.firing");
    expect(payload.timestamp).toBe("2026-03-02T09:30:00.000Z");
    expect(payload.data.firing).toEqual([firing]);
    expect(payload.data.resolved).toEqual([resolved]);
    expect(payload.data.groupKey).toBe('route{location="s-12"}');
  });

  it("types an all-resolved group as resolved", () => {
    const group = makeGroup([makeAlert({ status: "resolved" })]);
    expect(buildWebhookPayload(group, NOW).type).toBe("alert_group.resolved");
  });
});

describe("deliverWebhook", () => {
  const config = {
    type: "webhook" as const,
    url: hookUrl("webhook-signed"),
    secret: TEST_SECRET,
  };
  const payload = buildWebhookPayload(makeGroup([makeAlert()]), NOW);

  it("sends a body the receiver can verify", async () => {
    await scriptHook("webhook-signed");
    const result = await deliverWebhook(config, payload, {
      timeoutMs: 2_000,
      nowMs: NOW,
      notificationId: "ntf_abc",
    });
    expect(result.ok).toBe(true);
    const [request] = await receivedBy("webhook-signed");
    expect(request.headers["webhook-id"]).toBe("ntf_abc");
    expect(request.headers["webhook-timestamp"]).toBe(String(NOW / 1_000));
    expect(await verify(request.headers, request.body)).toEqual({
      version: "v1",
      valid: true,
    });
    expect(JSON.parse(request.body)).toEqual(payload);
  });

  it("keeps the id and renews the timestamp on retry", async () => {
    await scriptHook("webhook-signed", { responses: [{ status: 500 }] });
    const options = { timeoutMs: 2_000, notificationId: "ntf_abc" };
    await deliverWebhook(config, payload, { ...options, nowMs: NOW });
    await deliverWebhook(config, payload, { ...options, nowMs: NOW + 5_000 });
    const [first, second] = await receivedBy("webhook-signed");
    expect(first.status).toBe(500);
    expect(second.status).toBe(200);
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(Number(second.headers["webhook-timestamp"])).toBe(NOW / 1_000 + 5);
    expect((await verify(second.headers, second.body)).valid).toBe(true);
  });
});
