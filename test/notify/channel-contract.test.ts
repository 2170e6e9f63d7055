import { describe, expect, it } from "vitest";
import { buildPayload, deliver } from "../../src/notify/channels/registry";
import type { DeliveryResult } from "../../src/notify/delivery-result";
import { makeAlert, makeGroup } from "../alerts/fixtures";
import { receivedBy, scriptHook } from "../receiver";
import { CHANNEL_CASES, secretsOf, type ChannelCase } from "./channel-cases";

const NOW = Date.parse("2026-03-02T09:30:00Z");
const TIMEOUT_MS = 500;
const group = makeGroup([
  makeAlert({ anomalyId: "a-1" }),
  makeAlert({ anomalyId: "a-2", status: "resolved" }),
]);

async function send(channel: ChannelCase, hook: string) {
  const config = channel.configFor(hook);
  const payload = buildPayload(config, group, NOW);
  const result = await deliver(config, payload, {
    timeoutMs: TIMEOUT_MS,
    nowMs: NOW,
    notificationId: "ntf_contract",
  });
  return { config, payload, result };
}

function expectNoSecrets(result: DeliveryResult, secrets: string[]) {
  const text = JSON.stringify(result);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toContain("/hook/");
}

describe.each(CHANNEL_CASES)("$type channel contract", (channel) => {
  const hook = (name: string) => `contract-${channel.type}-${name}`;

  it("delivers one JSON message on 2xx", async () => {
    await scriptHook(hook("ok"), { fallback: { status: 200, body: "ok" } });
    const { payload, result } = await send(channel, hook("ok"));
    expect(result).toEqual({
      ok: true,
      status: 200,
      retryable: false,
      retryAfterMs: null,
      errorCode: null,
      message: "delivered with HTTP 200",
    });
    const requests = await receivedBy(hook("ok"));
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe("POST");
    expect(requests[0].headers["content-type"]).toBe("application/json");
    expect(JSON.parse(requests[0].body)).toEqual(payload);
  });

  it("accepts 202 as delivered", async () => {
    await scriptHook(hook("accepted"), { fallback: { status: 202 } });
    const { result } = await send(channel, hook("accepted"));
    expect(result.ok).toBe(true);
  });

  it("reports 500 as retryable", async () => {
    await scriptHook(hook("500"), { responses: [{ status: 500 }] });
    const { config, result } = await send(channel, hook("500"));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(500);
    expect(result.retryable).toBe(true);
    expect(result.errorCode).toBe("server_error");
    expectNoSecrets(result, secretsOf(config));
  });

  it("reports a slow receiver as timed out", async () => {
    await scriptHook(hook("slow"), {
      responses: [{ status: 200, delayMs: TIMEOUT_MS * 4 }],
    });
    const { result } = await send(channel, hook("slow"));
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.retryable).toBe(true);
    expect(result.errorCode).toBe("timeout");
    expect(result.message).toBe(`no response within ${TIMEOUT_MS} ms`);
  });

  it("passes on 429 Retry-After", async () => {
    await scriptHook(hook("429"), {
      responses: [{ status: 429, headers: { "retry-after": "2" } }],
    });
    const { result } = await send(channel, hook("429"));
    expect(result.status).toBe(429);
    expect(result.retryable).toBe(true);
    expect(result.retryAfterMs).toBe(2_000);
    expect(result.errorCode).toBe("rate_limited");
  });

  it("reports a rejected payload as final", async () => {
    await scriptHook(hook("400"), {
      responses: [{ status: 400, body: "invalid_payload" }],
    });
    const { result } = await send(channel, hook("400"));
    expect(result.retryable).toBe(false);
    expect(result.errorCode).toBe("client_error");
    expect(result.message).toBe("receiver responded with HTTP 400: invalid_payload");
  });

  it("keeps an echoed URL out of the message", async () => {
    const config = channel.configFor(hook("echo"));
    await scriptHook(hook("echo"), {
      responses: [{ status: 503, body: `upstream ${config.url} is down` }],
    });
    const { result } = await send(channel, hook("echo"));
    expect(result.message).toContain("[redacted]");
    expectNoSecrets(result, secretsOf(config));
  });

  it("does not follow redirects", async () => {
    const target = channel.configFor(hook("redirect-target")).url;
    await scriptHook(hook("redirect-target"));
    await scriptHook(hook("redirect"), {
      responses: [{ status: 307, headers: { location: target } }],
    });
    const { result } = await send(channel, hook("redirect"));
    expect(result.errorCode).toBe("redirected");
    expect(result.retryable).toBe(false);
    expect(await receivedBy(hook("redirect-target"))).toHaveLength(0);
  });
});
