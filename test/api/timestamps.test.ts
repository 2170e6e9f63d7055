import { describe, expect, it } from "vitest";
import { api, location, register, sale } from "../helpers";
import { issueAt } from "./issues";

const MINUTE = 60_000;

describe("timestamps and dates are real calendar times", () => {
  it("event on November 31 is rejected", async () => {
    await register(location("ts-nov"));
    const result = await api("/v1/events", { body: { events: [sale("ts-nov", "2026-11-31T10:00:00Z")] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "timestamp", 0);
    expect(issue.problem).toBe('"2026-11-31T10:00:00Z" is not a real calendar date: November 2026 has 30 days');
    expect(issue.fix).toBe("send a day from 01 to 30 for 2026-11");
  });

  it("event on February 30 is not called too old", async () => {
    await register(location("ts-feb"));
    const result = await api("/v1/events", { body: { events: [sale("ts-feb", "2026-02-30T10:00:00Z")] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "timestamp", 0);
    expect(issue.problem).toContain("not a real calendar date");
    expect(issue.problem).not.toContain("older");
  });

  it("day 32 keeps the problem out of the fix", async () => {
    await register(location("ts-32"));
    const result = await api("/v1/events", { body: { events: [sale("ts-32", "2026-12-32T10:00:00Z")] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "timestamp", 0);
    expect(issue.problem).toContain("not a real calendar date");
    expect(issue.fix).not.toContain("not a real");
    expect(issue.fix).toBe("send a day from 01 to 31 for 2026-12");
  });

  it("hour 24 is not a time of day", async () => {
    await register(location("ts-24"));
    const result = await api("/v1/events", { body: { events: [sale("ts-24", "2026-03-08T24:00:00Z")] } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "timestamp", 0).problem).toContain("not a real time of day");
  });

  it("lowercase t and z are still accepted", async () => {
    await register(location("ts-lower"));
    const at = new Date(Date.now() - MINUTE).toISOString().toLowerCase();
    const result = await api("/v1/events", { body: { events: [sale("ts-lower", at)] } });
    expect(result.status).toBe(200);
    expect(result.body.accepted).toBe(1);
  });

  it("history row start on an impossible day", async () => {
    await register(location("ts-hist", { timezone: "UTC" }));
    const result = await api("/v1/locations/ts-hist/history", {
      body: { grain: "hour", rows: [{ start: "2026-02-30T10:00:00Z", transactions: 1 }] },
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "start", 0).problem).toContain("not a real calendar date");
  });

  it("daily history date on an impossible day", async () => {
    await register(location("ts-daily", { timezone: "UTC" }));
    const result = await api("/v1/locations/ts-daily/history", {
      body: { grain: "day", rows: [{ date: "2025-02-29", transactions: 1 }] },
    });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "date", 0);
    expect(issue.problem).toBe('"2025-02-29" is not a real calendar date: February 2025 has 28 days');
  });

  it("series range on an impossible day", async () => {
    await register(location("ts-series"));
    const result = await api("/v1/locations/ts-series/series?metric=sales&from=2026-04-31T00:00:00Z");
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "from").problem).toContain("not a real calendar date");
  });

  it("series range that ends before it starts", async () => {
    await register(location("ts-range"));
    const result = await api(
      "/v1/locations/ts-range/series?metric=sales&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
    );
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "to").problem).toContain("is not after from");
  });

  it("silence start on an impossible day", async () => {
    const result = await api("/v1/silences", {
      body: {
        matchers: ['location="s-1"'],
        startsAt: "2026-02-30T00:00:00Z",
        endsAt: "2026-03-02T00:00:00Z",
        createdBy: "ops",
        comment: "maintenance",
      },
    });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "startsAt");
    expect(issue.problem).toContain("not a real calendar date");
    expect(issue.fix).not.toContain("Invalid");
  });

  it("location exception and event day dates", async () => {
    const result = await api("/v1/locations", {
      body: [
        location("ts-exception", {
          exceptions: [{ date: "2026-02-30", closed: true }],
          eventDays: [{ date: "2026-06-31", events: { promo: 1 } }],
        }),
      ],
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "exceptions.0.date", 0).problem).toContain("not a real calendar date");
    expect(issueAt(result.body, "eventDays.0.date", 0).problem).toContain("June 2026 has 30 days");
  });

  it("notification page cursor on an impossible day", async () => {
    const result = await api("/v1/notifications?before=2026-09-31T00:00:00Z");
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "before").problem).toContain("not a real calendar date");
  });
});
