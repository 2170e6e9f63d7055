import { describe, expect, it } from "vitest";
import { deliverSlack } from "../../../src/notify/channels/slack/deliver";
import {
  buildSlackPayload,
  escapeMrkdwn,
  MAX_BLOCKS,
} from "../../../src/notify/channels/slack/payload";
import { makeAlert, makeGroup } from "../../alerts/fixtures";
import { hookUrl, receivedBy, scriptHook } from "../../receiver";

const NOW = Date.parse("2026-03-02T09:30:00Z");

describe("buildSlackPayload", () => {
  it("puts a fallback text and a header first", () => {
    const payload = buildSlackPayload(makeGroup([makeAlert()]));
    expect(payload.text).toContain("Sales dip at Store s-12");
    expect(payload.text).toContain("0 sales in 18 minutes");
    expect(payload.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Sales dip at Store s-12" },
    });
  });

  it("shows firing and resolved alerts in one message", () => {
    const group = makeGroup([
      makeAlert({ anomalyId: "a-1" }),
      makeAlert({ anomalyId: "a-2", status: "resolved" }),
    ]);
    const sections = buildSlackPayload(group).blocks.filter(
      (b) => b.type === "section",
    );
    expect(sections).toHaveLength(2);
    const texts = sections.map((s) => (s.type === "section" ? s.text.text : ""));
    expect(texts[0]).toMatch(/^\*Firing: </);
    expect(texts[1]).toMatch(/^\*Resolved: </);
  });

  it("stays within Block Kit limits for a large group", () => {
    const alerts = Array.from({ length: 60 }, (_, i) =>
      makeAlert({ anomalyId: `a-${i}` }),
    );
    const payload = buildSlackPayload(makeGroup(alerts));
    expect(payload.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    const last = payload.blocks.at(-1);
    expect(last).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "and 40 more alerts" }],
    });
    for (const block of payload.blocks) {
      if (block.type === "section") {
        expect(block.text.text.length).toBeLessThanOrEqual(3_000);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
      }
      if (block.type === "header") {
        expect(block.text.text.length).toBeLessThanOrEqual(150);
      }
    }
  });

  it("escapes mrkdwn control characters", () => {
    expect(escapeMrkdwn("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
  });
});

describe("deliverSlack", () => {
  it("posts the Block Kit message", async () => {
    await scriptHook("slack-shape", { fallback: { status: 200, body: "ok" } });
    const payload = buildSlackPayload(makeGroup([makeAlert()]));
    const result = await deliverSlack(
      { type: "slack", url: hookUrl("slack-shape") },
      payload,
      { timeoutMs: 2_000, nowMs: NOW, notificationId: "ntf_1" },
    );
    expect(result.ok).toBe(true);
    const [request] = await receivedBy("slack-shape");
    const body = JSON.parse(request.body);
    expect(typeof body.text).toBe("string");
    expect(Array.isArray(body.blocks)).toBe(true);
  });

  it("sends nothing past the rate limit and passes Retry-After", async () => {
    await scriptHook("slack-rate", {
      rateLimit: { perSecond: 1, retryAfterSeconds: 2 },
    });
    const config = { type: "slack" as const, url: hookUrl("slack-rate") };
    const payload = buildSlackPayload(makeGroup([makeAlert()]));
    const options = { timeoutMs: 2_000, nowMs: NOW, notificationId: "ntf_1" };
    const first = await deliverSlack(config, payload, options);
    const second = await deliverSlack(config, payload, options);
    expect(first.ok).toBe(true);
    expect(second.status).toBe(429);
    expect(second.retryAfterMs).toBe(2_000);
  });
});
