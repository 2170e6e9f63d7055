import { describe, expect, it } from "vitest";
import { api, location, register } from "../helpers";
import { issueAt } from "./issues";

const HOUR = 3_600_000;

describe("POST /v1/locations/:id/clock", () => {
  it("watermark years ahead is rejected", async () => {
    await register(location("clk-future"));
    const result = await api("/v1/locations/clk-future/clock", { body: { watermark: "2030-01-01T00:00:00Z" } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "watermark");
    expect(issue.problem).toContain("after the server clock");
    expect(issue.fix).toContain("at most one hour after now");
    const state = await api("/v1/locations/clk-future/state");
    expect(state.body.closedThrough).toBeNull();
  });

  it("watermark just over the tolerance is rejected", async () => {
    await register(location("clk-edge"));
    const watermark = new Date(Date.now() + HOUR + 5 * 60_000).toISOString();
    const result = await api("/v1/locations/clk-edge/clock", { body: { watermark } });
    expect(result.status).toBe(400);
    issueAt(result.body, "watermark");
  });

  it("watermark within the hour ahead is accepted", async () => {
    await register(location("clk-near"));
    const watermark = new Date(Date.now() + 30 * 60_000).toISOString();
    const result = await api("/v1/locations/clk-near/clock", { body: { watermark } });
    expect(result.status).toBe(200);
  });

  it("watermark on an impossible day is rejected", async () => {
    await register(location("clk-day"));
    const result = await api("/v1/locations/clk-day/clock", { body: { watermark: "2026-02-30T00:00:00Z" } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "watermark");
    expect(issue.problem).toContain("not a real calendar date");
    expect(issue.fix).toBe("send a day from 01 to 28 for 2026-02");
  });

  it("unregistered location is a 404 naming the id", async () => {
    const result = await api("/v1/locations/clk-nowhere/clock", { body: { watermark: "2026-01-01T00:00:00Z" } });
    expect(result.status).toBe(404);
    expect(issueAt(result.body, "id").problem).toContain("clk-nowhere");
  });
});
