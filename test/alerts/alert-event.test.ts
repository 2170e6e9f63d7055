import { describe, expect, it } from "vitest";
import {
  alertFingerprint,
  AlertEventSchema,
  categoryOf,
  labelsOf,
} from "../../src/alerts/alert-event";
import { makeAlert } from "./fixtures";

describe("AlertEventSchema", () => {
  it("accepts a complete firing event", () => {
    const result = AlertEventSchema.safeParse(makeAlert());
    expect(result.success).toBe(true);
  });

  it("accepts a resolved event with endedAt", () => {
    const result = AlertEventSchema.safeParse(makeAlert({ status: "resolved" }));
    expect(result.success).toBe(true);
  });

  it("rejects a category that contradicts the type", () => {
    const event = { ...makeAlert({ type: "feed_silent" }), category: "sales" };
    const result = AlertEventSchema.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["category"]);
  });

  it("rejects resolved status without endedAt", () => {
    const event = { ...makeAlert({ status: "resolved" }), endedAt: undefined };
    const result = AlertEventSchema.safeParse(event);
    expect(result.error?.issues.map((i) => i.path[0])).toContain("endedAt");
  });

  it("rejects a transition that contradicts the status", () => {
    const event = { ...makeAlert(), transition: "resolved" };
    const result = AlertEventSchema.safeParse(event);
    expect(result.error?.issues.map((i) => i.path[0])).toContain("transition");
  });

  it("defaults missing tags and context", () => {
    const event = makeAlert();
    const raw = {
      ...event,
      location: { ...event.location, tags: undefined },
      context: undefined,
    };
    const parsed = AlertEventSchema.parse(raw);
    expect(parsed.location.tags).toEqual([]);
    expect(parsed.context).toEqual({});
  });
});

describe("categoryOf", () => {
  // Each type maps to the team that can act on it.
  it.each([
    ["sales_dip", "sales"],
    ["sales_spike", "sales"],
    ["feed_silent", "integration"],
    ["heartbeat_lost", "integration"],
    ["tender_collapse", "integration"],
    ["register_silent", "integration"],
    ["error_spike", "integration"],
  ] as const)("puts %s in %s", (type, category) => {
    expect(categoryOf(type)).toBe(category);
  });
});

describe("alertFingerprint", () => {
  it("differs between anomaly episodes", () => {
    const parts = { locationId: "s-1", type: "sales_dip", metric: "sales" } as const;
    const first = alertFingerprint({ ...parts, anomalyId: "a-1" });
    const second = alertFingerprint({ ...parts, anomalyId: "a-2" });
    expect(first).not.toBe(second);
  });

  it("keeps colons in ids from colliding", () => {
    const a = alertFingerprint({
      locationId: "s:1",
      type: "sales_dip",
      metric: "sales",
      anomalyId: "x",
    });
    const b = alertFingerprint({
      locationId: "s",
      type: "sales_dip",
      metric: "sales",
      anomalyId: "1:x",
    });
    expect(a).not.toBe(b);
  });
});

describe("labelsOf", () => {
  it("returns the routing labels with tags as a list", () => {
    const labels = labelsOf(makeAlert({ tags: ["mall", "flagship"] }));
    expect(labels).toEqual({
      category: "sales",
      type: "sales_dip",
      severity: "major",
      region: "eu-west",
      location: "s-12",
      metric: "sales",
      tags: ["mall", "flagship"],
    });
  });
});
