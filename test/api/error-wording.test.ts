import { describe, expect, it } from "vitest";
import { api, location, register, sale } from "../helpers";
import { issueAt, type Issue } from "./issues";

const MINUTE = 60_000;

/** Library wording that must never reach a client. */
const RAW_TEXT = [/Invalid input/, /Invalid ISO/, /received undefined/, /Too small/, /Too big/, /Invalid option/];

function expectPlainWording(issues: Issue[]) {
  for (const issue of issues) {
    for (const raw of RAW_TEXT) {
      expect(issue.problem, JSON.stringify(issue)).not.toMatch(raw);
      expect(issue.fix, JSON.stringify(issue)).not.toMatch(raw);
    }
    expect(`${issue.problem} ${issue.fix}`).not.toMatch(/\ba (array|object|integer|int)\b/);
    expect(`${issue.problem} ${issue.fix}`).not.toMatch(/\b1 items\b/);
  }
}

describe("error wording", () => {
  it("wrong event type lists the types", async () => {
    await register(location("ew-type"));
    const event = { id: "t-1", locationId: "ew-type", type: "teleport", timestamp: new Date().toISOString() };
    const result = await api("/v1/events", { body: { events: [event] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "type", 0);
    expect(issue.problem).toBe('"teleport" is not allowed');
    expect(issue.fix).toBe('use one of "sale", "refund", "heartbeat", "error"');
  });

  it("missing event type lists the types", async () => {
    await register(location("ew-notype"));
    const event = { id: "t-2", locationId: "ew-notype", timestamp: new Date().toISOString() };
    const result = await api("/v1/events", { body: { events: [event] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "type", 0);
    expect(issue.problem).toBe("is missing");
    expect(issue.fix).toContain('"heartbeat"');
  });

  it("wrong channel type lists the types", async () => {
    const result = await api("/v1/routing", {
      method: "PUT",
      body: {
        route: { receiver: "ops" },
        receivers: [{ name: "ops", channels: [{ type: "pager", url: "https://127.0.0.1/hook" }] }],
      },
    });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "receivers[0].channels[0].type");
    expect(issue.fix).toContain('"slack"');
    expect(issue.fix).toContain('"webhook"');
    expectPlainWording(result.body.issues);
  });

  it("null event is named by its position", async () => {
    await register(location("ew-null"));
    const result = await api("/v1/events", { body: { events: [sale("ew-null", Date.now() - MINUTE), null] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "events[1]", 1);
    expect(issue.problem).toBe("null is not an object");
    expect(issue.fix).toBe("send events[1] as an object");
  });

  it("grammar of types and counts", async () => {
    await register(location("ew-grammar"));
    const empty = await api("/v1/events", { body: { events: [] } });
    expect(empty.status).toBe(400);
    expect(issueAt(empty.body, "events").fix).toBe("send at least 1 item");

    const notArray = await api("/v1/events", { body: { events: "all of them" } });
    expect(issueAt(notArray.body, "events").fix).toBe("send events as an array");

    const fraction = await api("/v1/events", {
      body: { events: [sale("ew-grammar", Date.now() - MINUTE, { items: 1.5 })] },
    });
    const items = issueAt(fraction.body, "items", 0);
    expect(items.problem).toBe("1.5 is not an integer");
    expect(items.fix).toBe("send items as an integer");
    expectPlainWording([...empty.body.issues, ...notArray.body.issues, ...fraction.body.issues]);
  });

  it("library text never reaches the client", async () => {
    await register(location("ew-raw"));
    const events = [
      { id: "r-1", locationId: "ew-raw", type: "sale", timestamp: "yesterday", amount: true, currency: "usd" },
      { type: "error", locationId: "ew-raw" },
    ];
    const result = await api("/v1/events", { body: { events } });
    expect(result.status).toBe(400);
    expect(result.body.issues.length).toBeGreaterThanOrEqual(5);
    expectPlainWording(result.body.issues);
    expect(issueAt(result.body, "timestamp", 0).problem).toContain("not an RFC 3339 date-time");
    expect(issueAt(result.body, "amount", 0).fix).toBe("send amount as a string or a number");
    expect(issueAt(result.body, "id", 1).problem).toBe("is missing");
  });

  it("401, 403, 404 and 413 carry issues", async () => {
    const unauthorized = await api("/v1/locations", { token: null });
    expect(unauthorized.status).toBe(401);
    issueAt(unauthorized.body, "Authorization");

    const created = await api("/v1/tokens", { body: {} });
    const forbidden = await api("/v1/locations", { token: created.body.token });
    expect(forbidden.status).toBe(403);
    expect(issueAt(forbidden.body, "Authorization").fix).toContain("admin token");

    const missing = await api("/v1/locations/ew-nobody");
    expect(missing.status).toBe(404);
    expect(issueAt(missing.body, "id").problem).toContain("ew-nobody");

    const noRoute = await api("/v1/nothing-here");
    expect(noRoute.status).toBe(404);
    issueAt(noRoute.body, "(path)");

    const tooLarge = await api("/v1/events", { body: { events: [{ padding: "x".repeat(1_100_000) }] } });
    expect(tooLarge.status).toBe(413);
    expect(issueAt(tooLarge.body, "(body)").fix).toBe("split the batch");
  });

  it("403 names the foreign location", async () => {
    await register(location("ew-own"), location("ew-other"));
    const created = await api("/v1/tokens", { body: { locationIds: ["ew-own"] } });
    const result = await api("/v1/events", {
      body: { events: [sale("ew-own", Date.now() - MINUTE), sale("ew-other", Date.now() - MINUTE)] },
      token: created.body.token,
    });
    expect(result.status).toBe(403);
    expect(issueAt(result.body, "locationId", 1).problem).toContain("ew-other");
  });

  it("body that is not JSON", async () => {
    const result = await api("/v1/tokens", { body: "{not json" });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "(body)").problem).toContain("not valid JSON");
  });
});
