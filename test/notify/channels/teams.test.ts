import { describe, expect, it } from "vitest";
import { deliverTeams } from "../../../src/notify/channels/teams/deliver";
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  buildTeamsPayload,
} from "../../../src/notify/channels/teams/payload";
import { makeAlert, makeGroup } from "../../alerts/fixtures";
import { hookUrl, receivedBy, scriptHook } from "../../receiver";

const NOW = Date.parse("2026-03-02T09:30:00Z");

describe("buildTeamsPayload", () => {
  it("wraps the card in a message envelope", () => {
    const payload = buildTeamsPayload(makeGroup([makeAlert()]));
    expect(payload.type).toBe("message");
    expect(payload.attachments).toHaveLength(1);
    const [attachment] = payload.attachments;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(attachment.content.type).toBe("AdaptiveCard");
    expect(attachment.content.version).toMatch(/^1\.\d$/);
  });

  it("lists each alert with its facts", () => {
    const group = makeGroup([
      makeAlert({ anomalyId: "a-1" }),
      makeAlert({ anomalyId: "a-2", status: "resolved" }),
    ]);
    const card = buildTeamsPayload(group).attachments[0].content;
    const containers = card.body.filter((e) => e.type === "Container");
    expect(containers).toHaveLength(2);
    const facts = (containers[0].items as { type: string; facts?: unknown[] }[])
      .find((item) => item.type === "FactSet")?.facts;
    expect(facts).toContainEqual({ title: "Expected", value: "14" });
    expect(facts).toContainEqual({ title: "Sales lost so far", value: "€1,234.50" });
  });

  it("links to the location state", () => {
    const card = buildTeamsPayload(makeGroup([makeAlert()])).attachments[0].content;
    expect(card.actions).toEqual([
      {
        type: "Action.OpenUrl",
        title: "Open location",
        url: "http://127.0.0.1:8787/v1/locations/s-12/state",
      },
    ]);
  });

  it("marks a resolved group", () => {
    const group = makeGroup([makeAlert({ status: "resolved" })]);
    const title = buildTeamsPayload(group).attachments[0].content.body[0];
    expect(title.text).toBe("Resolved: Sales dip at Store s-12");
    expect(title.color).toBe("Good");
  });
});

describe("deliverTeams", () => {
  it("posts exactly the envelope shape", async () => {
    await scriptHook("teams-shape", { fallback: { status: 202 } });
    const payload = buildTeamsPayload(makeGroup([makeAlert()]));
    const result = await deliverTeams(
      { type: "teams", url: hookUrl("teams-shape") },
      payload,
      { timeoutMs: 2_000, nowMs: NOW, notificationId: "ntf_1" },
    );
    expect(result).toMatchObject({ ok: true, status: 202 });
    const [request] = await receivedBy("teams-shape");
    const body = JSON.parse(request.body);
    expect(Object.keys(body).sort()).toEqual(["attachments", "type"]);
    expect(Object.keys(body.attachments[0]).sort()).toEqual([
      "content",
      "contentType",
      "contentUrl",
    ]);
  });
});
