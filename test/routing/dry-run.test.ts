import { describe, expect, it } from "vitest";
import { dryRun } from "../../src/routing/dry-run";
import { SilenceSchema } from "../../src/routing/silence";
import { compile } from "./helpers";

const SECRET = `whsec_${btoa("k".repeat(32))}`;

const routing = compile({
  route: {
    receiver: "regional-ops",
    group_by: ["location", "category"],
    routes: [
      {
        matchers: ["category=integration"],
        receiver: "it",
        group_by: ["location"],
        group_wait: "0s",
      },
    ],
  },
  receivers: [
    {
      name: "regional-ops",
      channels: [{ type: "slack", url: "https://hooks.slack.com/services/T/B/x" }],
    },
    {
      name: "it",
      send_resolved: false,
      channels: [{ type: "webhook", url: "https://it.example/hooks", secret: SECRET }],
    },
  ],
  inhibit_rules: [
    {
      source_matchers: ["category=integration"],
      target_matchers: ["category=sales"],
      equal: ["location"],
    },
  ],
});

const dip = { category: "sales", type: "sales_dip", location: "s-12", region: "eu-west" };
const feed = { ...dip, category: "integration", type: "feed_silent" };
const nowMs = Date.parse("2026-03-02T09:00:00Z");

describe("dryRun", () => {
  it("sends a sales dip to regional ops", () => {
    const result = dryRun(routing, dip, { nowMs });
    expect(result.routes).toEqual([
      {
        routeId: "route",
        path: "route",
        receiver: "regional-ops",
        channels: ["slack"],
        sendResolved: true,
        groupKey: 'route{category="sales",location="s-12"}',
        groupLabels: { category: "sales", location: "s-12" },
        timing: {
          groupWaitMs: 30_000,
          groupIntervalMs: 300_000,
          repeatIntervalMs: 14_400_000,
        },
      },
    ]);
    expect(result.wouldNotify).toBe(true);
  });

  it("sends a silent feed to IT at once", () => {
    const [route] = dryRun(routing, feed, { nowMs }).routes;
    expect(route.receiver).toBe("it");
    expect(route.channels).toEqual(["webhook"]);
    expect(route.sendResolved).toBe(false);
    expect(route.timing.groupWaitMs).toBe(0);
  });

  it("reports inhibition by a firing integration alert", () => {
    const result = dryRun(routing, dip, {
      nowMs,
      firing: [{ fingerprint: "feed-1", labels: feed }],
    });
    expect(result.inhibitedBy).toEqual({ ruleIndex: 0, sourceFingerprint: "feed-1" });
    expect(result.wouldNotify).toBe(false);
  });

  it("reports the silences that mute the alert", () => {
    const silence = SilenceSchema.parse({
      id: "sil-7",
      matchers: ["location=s-12"],
      startsAt: "2026-03-02T08:00:00Z",
      endsAt: "2026-03-02T10:00:00Z",
      createdBy: "ops@example.test",
      comment: "refit",
    });
    const result = dryRun(routing, dip, { nowMs, silences: [silence] });
    expect(result.silencedBy).toEqual(["sil-7"]);
    expect(result.wouldNotify).toBe(false);
  });
});
