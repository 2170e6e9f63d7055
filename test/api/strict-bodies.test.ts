import { describe, expect, it } from "vitest";
import { api, location, register, sale } from "../helpers";
import { issueAt } from "./issues";

describe("unknown fields are rejected", () => {
  it("token with locations in place of locationIds", async () => {
    const result = await api("/v1/tokens", { body: { locations: ["store-0001"] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "locations");
    expect(issue.problem).toBe('unknown field "locations"');
    expect(issue.fix).toContain("rename it to locationIds");
    expect(issue.fix).toContain("label, locationIds");
  });

  it("token scoped to every location only when asked", async () => {
    const result = await api("/v1/tokens", { body: { label: "all stores" } });
    expect(result.status).toBe(201);
    expect(result.body.locationIds).toBeNull();
  });

  it("location with a misspelled field", async () => {
    const result = await api("/v1/locations", { body: [location("strict-loc", { timeZone: "UTC" })] });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "timeZone", 0);
    expect(issue.fix).toContain("rename it to timezone");
    const stored = await api("/v1/locations/strict-loc");
    expect(stored.status).toBe(404);
  });

  it("training run with a misspelled option", async () => {
    await register(location("strict-train"));
    const result = await api("/v1/training/runs", { body: { locationIds: ["strict-train"], forse: false } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "forse").fix).toContain("rename it to force");
  });

  it("clock with an extra field", async () => {
    await register(location("strict-clock"));
    const result = await api("/v1/locations/strict-clock/clock", {
      body: { watermark: new Date(Date.now() - 86_400_000).toISOString(), mode: "fast" },
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "mode").fix).toContain("the accepted fields are watermark");
  });

  it("rollback with a misspelled grain", async () => {
    await register(location("strict-model"));
    const result = await api("/v1/locations/strict-model/models/sales/rollback", { body: { grian: "hour" } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "grian").fix).toContain("rename it to grain");
  });

  it("silence with an unknown field", async () => {
    const now = Date.now();
    const result = await api("/v1/silences", {
      body: {
        matchers: ['location="s-1"'],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: "ops",
        comment: "maintenance",
        until: "tomorrow",
      },
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "until").fix).toContain("matchers, startsAt, endsAt");
  });

  it("event with a misspelled register", async () => {
    await register(location("strict-event"));
    const event = sale("strict-event", Date.now() - 60_000, { registr: "till-2" });
    const result = await api("/v1/events", { body: { events: [event] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "registr", 0);
    expect(issue.fix).toContain("rename it to register");
    expect(issue.fix).toContain("tender");
  });

  it("batch with an unknown top-level field", async () => {
    await register(location("strict-batch"));
    const result = await api("/v1/events", {
      body: { events: [sale("strict-batch", Date.now() - 60_000)], source: "pos" },
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "source").problem).toBe('unknown field "source"');
  });

  it("history row with a misspelled metric", async () => {
    await register(location("strict-history", { timezone: "UTC" }));
    const result = await api("/v1/locations/strict-history/history", {
      body: { grain: "hour", rows: [{ start: "2026-01-05T10:00:00Z", transaction: 12 }] },
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "transaction", 0).fix).toContain("rename it to transactions");
  });
});
