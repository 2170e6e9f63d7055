import { describe, expect, it } from "vitest";
import { routeAlert } from "../../src/routing/route-match";
import {
  DEFAULT_GROUP_INTERVAL_MS,
  DEFAULT_GROUP_WAIT_MS,
  DEFAULT_REPEAT_INTERVAL_MS,
} from "../../src/routing/route-tree";
import { compile, receivers } from "./helpers";

const salesDip = {
  category: "sales",
  type: "sales_dip",
  severity: "critical",
  region: "eu-west",
  location: "s-12",
  metric: "sales",
  tags: ["mall"],
};

const feedSilent = { ...salesDip, category: "integration", type: "feed_silent" };

function receiversFor(document: Parameters<typeof compile>[0], labels: object) {
  const { root } = compile(document);
  return routeAlert(root, labels as Record<string, string>).map((r) => r.receiver);
}

describe("routeAlert", () => {
  const document = {
    route: {
      receiver: "fallback",
      routes: [
        { matchers: ["category=integration"], receiver: "it" },
        { matchers: ['region=~"eu-.*"'], receiver: "ops-eu" },
        { matchers: ["severity=critical"], receiver: "oncall" },
      ],
    },
    receivers: receivers("fallback", "it", "ops-eu", "oncall"),
  };

  it("stops at the first matching route", () => {
    expect(receiversFor(document, salesDip)).toEqual(["ops-eu"]);
  });

  it("sends integration alerts to IT", () => {
    expect(receiversFor(document, feedSilent)).toEqual(["it"]);
  });

  it("falls back to the root receiver", () => {
    const labels = { ...salesDip, region: "us-east", severity: "minor" };
    expect(receiversFor(document, labels)).toEqual(["fallback"]);
  });

  it("keeps matching siblings after continue", () => {
    const withContinue = structuredClone(document);
    Object.assign(withContinue.route.routes[1], { continue: true });
    expect(receiversFor(withContinue, salesDip)).toEqual(["ops-eu", "oncall"]);
  });

  it("matches a route on any tag", () => {
    const byTag = {
      route: {
        receiver: "fallback",
        routes: [{ matchers: ["tags=flagship"], receiver: "it" }],
      },
      receivers: receivers("fallback", "it"),
    };
    expect(receiversFor(byTag, { ...salesDip, tags: ["mall", "flagship"] }))
      .toEqual(["it"]);
    expect(receiversFor(byTag, salesDip)).toEqual(["fallback"]);
  });

  it("returns the parent when no child matches", () => {
    const nested = {
      route: {
        receiver: "fallback",
        routes: [
          {
            matchers: ["category=sales"],
            receiver: "ops-eu",
            routes: [{ matchers: ["severity=minor"], receiver: "oncall" }],
          },
        ],
      },
      receivers: receivers("fallback", "ops-eu", "oncall"),
    };
    expect(receiversFor(nested, salesDip)).toEqual(["ops-eu"]);
    expect(receiversFor(nested, { ...salesDip, severity: "minor" }))
      .toEqual(["oncall"]);
  });
});

describe("route tree settings", () => {
  const { root } = compile({
    route: {
      receiver: "ops",
      group_by: ["location"],
      repeat_interval: "1h",
      routes: [
        {
          matchers: ["category=sales"],
          group_wait: "10s",
          routes: [
            {
              name: "critical-sales",
              matchers: ["severity=critical"],
              receiver: "oncall",
            },
            { matchers: ["severity=minor"], group_by: ["..."] },
          ],
        },
      ],
    },
    receivers: receivers("ops", "oncall"),
  });

  it("applies Alertmanager defaults at the root", () => {
    expect(root.timing.groupWaitMs).toBe(DEFAULT_GROUP_WAIT_MS);
    expect(root.timing.groupIntervalMs).toBe(DEFAULT_GROUP_INTERVAL_MS);
    expect(root.timing.repeatIntervalMs).not.toBe(DEFAULT_REPEAT_INTERVAL_MS);
    expect(DEFAULT_REPEAT_INTERVAL_MS).toBe(4 * 3_600_000);
  });

  it("inherits receiver, grouping and timers", () => {
    const [critical] = root.routes[0].routes;
    expect(critical.receiver).toBe("oncall");
    expect(critical.groupBy).toEqual(["location"]);
    expect(critical.timing).toEqual({
      groupWaitMs: 10_000,
      groupIntervalMs: DEFAULT_GROUP_INTERVAL_MS,
      repeatIntervalMs: 3_600_000,
    });
  });

  it("uses a route's name as its id", () => {
    expect(root.routes[0].routes[0].id).toBe("critical-sales");
    expect(root.routes[0].routes[1].id).toBe("route.routes[0].routes[1]");
  });

  it("groups by all labels for ...", () => {
    const minor = root.routes[0].routes[1];
    expect(minor.groupByAll).toBe(true);
    expect(minor.receiver).toBe("ops");
  });
});
