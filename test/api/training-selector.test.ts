import { describe, expect, it } from "vitest";
import { api, location, register } from "../helpers";
import { issueAt } from "./issues";

describe("training run selector", () => {
  it("all false is rejected", async () => {
    const result = await api("/v1/training/runs", { body: { all: false } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "all");
    expect(issue.problem).toBe("false is not allowed");
    expect(issue.fix).toContain("all: true");
  });

  it("no selector is rejected", async () => {
    const result = await api("/v1/training/runs", { body: { force: false } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "(body)");
    expect(issue.problem).toContain("selects no locations");
    expect(issue.fix).toContain("exactly one of all: true, a region, or a list of locationIds");
  });

  it("two selectors are rejected", async () => {
    const result = await api("/v1/training/runs", { body: { all: true, region: "eu" } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "all").problem).toBe("region and all are both given, but a run takes one selector");
  });

  it("region without locations is a 404 naming regions", async () => {
    await register(location("sel-eu-1", { region: "sel-eu" }));
    const result = await api("/v1/training/runs", { body: { region: "mars" } });
    expect(result.status).toBe(404);
    const issue = issueAt(result.body, "region");
    expect(issue.problem).toContain('"mars"');
    expect(issue.fix).toContain('"sel-eu"');
  });

  it("registered region starts a run", async () => {
    await register(location("sel-us-1", { region: "sel-us" }));
    const result = await api("/v1/training/runs", { body: { region: "sel-us" } });
    expect(result.status).toBe(202);
    expect(result.body.runId).toMatch(/^run_/);
  });

  it("unknown ids are rejected by position", async () => {
    await register(location("sel-known"));
    const result = await api("/v1/training/runs", { body: { locationIds: ["sel-known", "sel-ghost"] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "locationIds", 1);
    expect(issue.problem).toContain("sel-ghost");
  });

  it("repeated ids are rejected", async () => {
    await register(location("sel-twice"));
    const result = await api("/v1/training/runs", { body: { locationIds: ["sel-twice", "sel-twice"] } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "locationIds", 1).fix).toBe("send each location once");
  });
});
