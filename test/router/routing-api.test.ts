import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import worker from "../../src/index";
import { describe, expect, it } from "vitest";
import { makeAlert } from "../alerts/fixtures";
import { api } from "../helpers";
import { receivedBy, scriptHook } from "../receiver";
import {
  groupObjectsFor,
  groupStub,
  putRouting,
  secretHook,
  singleReceiver,
  webhook,
} from "../delivery/helpers";

const TEAMS_DOCUMENT = {
  route: {
    receiver: "ops",
    group_by: ["location"],
    routes: [
      { name: "it", matchers: ["category=integration"], receiver: "it", group_wait: "10s" },
      { matchers: ['region=~"eu-.*"'], receiver: "ops", continue: true },
      { matchers: ["severity=critical"], receiver: "oncall" },
    ],
  },
  receivers: [{ name: "ops" }, { name: "it" }, { name: "oncall" }],
};

async function consumeAlertsDirectly(bodies: unknown[]) {
  const batch = createMessageBatch(
    "sitewatch-alerts",
    bodies.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe("routing API", () => {
  it("rejects a document with every issue at its path", async () => {
    const result = await api("/v1/routing", {
      method: "PUT",
      body: {
        route: {
          receiver: "ops",
          routes: [
            { matchers: ["severity=critical"], receiver: "pager" },
            { matchers: ['region=~"("'], group_wait: "soon" },
          ],
        },
        receivers: [{ name: "ops" }],
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("validation_failed");
    const fields = result.body.issues.map((i: { field: string }) => i.field).sort();
    expect(fields).toEqual([
      "route.routes[1].group_wait",
      "route.routes[1].matchers[0]",
    ]);
    for (const issue of result.body.issues) {
      expect(issue.problem).not.toBe("");
      expect(issue.fix).not.toBe("");
    }
  });

  it("rejects a route naming an unknown receiver", async () => {
    const result = await api("/v1/routing", {
      method: "PUT",
      body: {
        route: { receiver: "ops", routes: [{ matchers: ["severity=critical"], receiver: "pager" }] },
        receivers: [{ name: "ops" }],
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.issues).toEqual([
      {
        field: "route.routes[0].receiver",
        problem: "receiver pager is not defined in receivers",
        fix: "correct route.routes[0].receiver and upload again",
      },
    ]);
  });

  it("versions uploads and honours If-Match", async () => {
    const before = await api("/v1/routing");
    const version = await putRouting(TEAMS_DOCUMENT);
    expect(version).toBe(before.body.version + 1);
    const current = await api("/v1/routing");
    expect(current.body.version).toBe(version);
    expect(current.body.document.route.routes[0].group_wait).toBe("10s");

    await putRouting(TEAMS_DOCUMENT);
    const conflict = await exports.default.fetch("http://sitewatch.test/v1/routing", {
      method: "PUT",
      headers: {
        authorization: "Bearer test-admin-token",
        "content-type": "application/json",
        "if-match": String(version),
      },
      body: JSON.stringify(TEAMS_DOCUMENT),
    });
    expect(conflict.status).toBe(409);
    const old = await api(`/v1/routing?version=${version}`);
    expect(old.body.version).toBe(version);
  });

  it("says which receivers and groups an alert would reach", async () => {
    await putRouting(TEAMS_DOCUMENT);
    const critical = await api("/v1/routing/test", {
      body: { labels: { region: "eu-west", severity: "critical", category: "sales", location: "s-1" } },
    });
    expect(critical.status).toBe(200);
    expect(critical.body.routes.map((r: { receiver: string }) => r.receiver)).toEqual(["ops", "oncall"]);
    expect(critical.body.routes[0].groupKey).toBe('route.routes[1]{location="s-1"}');
    expect(critical.body.wouldNotify).toBe(true);

    const feed = makeAlert({ type: "feed_silent", locationId: "s-2" });
    const it_ = await api("/v1/routing/test", { body: { alert: feed } });
    expect(it_.body.routes).toHaveLength(1);
    expect(it_.body.routes[0].routeId).toBe("it");
    expect(it_.body.routes[0].timing.groupWaitMs).toBe(10_000);

    const both = await api("/v1/routing/test", { body: { labels: {}, alert: feed } });
    expect(both.status).toBe(400);
  });

  it("lists alerts with filters", async () => {
    await putRouting(TEAMS_DOCUMENT);
    const dip = makeAlert({ locationId: "list-1", region: "us-east" });
    const feed = makeAlert({ locationId: "list-2", type: "feed_silent" });
    const result = await consumeAlertsDirectly([dip, feed]);
    expect(result.explicitAcks.sort()).toEqual(["m-0", "m-1"]);

    const integration = await api("/v1/alerts?category=integration");
    const fingerprints = integration.body.alerts.map((a: { fingerprint: string }) => a.fingerprint);
    expect(fingerprints).toContain(feed.fingerprint);
    expect(fingerprints).not.toContain(dip.fingerprint);
    const byLocation = await api("/v1/alerts?location=list-1&status=firing");
    expect(byLocation.body.alerts).toHaveLength(1);
    expect(byLocation.body.alerts[0].receivers).toEqual(["ops"]);
    const byRegion = await api("/v1/alerts?region=us-east");
    expect(byRegion.body.alerts.map((a: { locationId: string }) => a.locationId)).toEqual(["list-1"]);
    const bad = await api("/v1/alerts?status=open");
    expect(bad.status).toBe(400);
  });

  it("routes a redelivered alert event only once", async () => {
    const hook = secretHook("redelivered-alert");
    await scriptHook(hook);
    await putRouting(singleReceiver([webhook(hook)], { group_wait: "1h" }));
    const alert = makeAlert({ locationId: "redeliver-1" });
    const [group] = await groupObjectsFor(alert);
    await consumeAlertsDirectly([alert]);
    await consumeAlertsDirectly([alert]);

    const state = await groupStub(group).getGroupState();
    expect(state.alerts).toHaveLength(1);
    // A firing event replayed after the resolution is dropped as stale.
    const resolved = makeAlert({ locationId: "redeliver-1", status: "resolved" });
    await consumeAlertsDirectly([resolved]);
    await consumeAlertsDirectly([alert]);
    const after = await groupStub(group).getGroupState();
    expect(after.alerts.map((a) => a.status)).toEqual(["resolved"]);
    expect(await receivedBy(hook)).toHaveLength(0);
  });

  it("drops an invalid alert event without retrying it", async () => {
    const result = await consumeAlertsDirectly([{ fingerprint: "x" }]);
    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(result.retryMessages).toEqual([]);
  });
});
