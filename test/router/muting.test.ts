import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makeAlert } from "../alerts/fixtures";
import { api } from "../helpers";
import { receivedBy, scriptHook } from "../receiver";
import {
  emit,
  eventually,
  groupObjectsFor,
  groupStub,
  putRouting,
  secretHook,
  waitForGroupAlerts,
  waitForRequests,
  webhook,
} from "../delivery/helpers";

const HOUR_MS = 3_600_000;
const MANUAL_TIMERS = { group_wait: "1h", group_interval: "5m", repeat_interval: "4h" };

/** Sales to ops, integration to IT, and integration inhibits sales. */
function teamDocument(opsHook: string, itHook: string) {
  return {
    route: {
      receiver: "ops",
      group_by: ["location", "category"],
      ...MANUAL_TIMERS,
      routes: [
        { matchers: ["category=integration"], receiver: "it" },
        { matchers: ["category=sales"], receiver: "ops" },
      ],
    },
    receivers: [
      { name: "ops", channels: [webhook(opsHook)] },
      { name: "it", channels: [webhook(itHook)] },
    ],
    inhibit_rules: [
      {
        source_matchers: ["category=integration"],
        target_matchers: ["category=sales"],
        equal: ["location"],
      },
    ],
  };
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 2_500));
}

async function alertRow(fingerprint: string) {
  const { body } = await api("/v1/alerts?limit=1000");
  return body.alerts.find((a: { fingerprint: string }) => a.fingerprint === fingerprint);
}

describe("silences and inhibition", () => {
  it("records a silenced alert instead of sending it", async () => {
    const ops = secretHook("mute-silence-ops");
    const itHook = secretHook("mute-silence-it");
    await scriptHook(ops);
    await putRouting(teamDocument(ops, itHook));
    const now = Date.now();
    const created = await api("/v1/silences", {
      body: {
        matchers: ['location="mute-1"'],
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + HOUR_MS * 24).toISOString(),
        createdBy: "ops-lead",
        comment: "refit of the store",
      },
    });
    expect(created.status).toBe(201);
    const alert = makeAlert({ locationId: "mute-1" });
    const [group] = await groupObjectsFor(alert);
    await emit(alert);
    await waitForGroupAlerts(group, 1);

    expect(await runDurableObjectAlarm(groupStub(group))).toBe(true);
    await settle();
    expect(await receivedBy(ops)).toHaveLength(0);
    expect((await alertRow(alert.fingerprint)).silencedBy).toEqual([created.body.id]);

    // Expiring the silence lets the next flush send the alert.
    const expired = await api(`/v1/silences/${created.body.id}`, { method: "DELETE" });
    expect(expired.body.state).toBe("expired");
    expect(await runDurableObjectAlarm(groupStub(group))).toBe(true);
    const requests = await waitForRequests(ops, 1);
    expect(requests).toHaveLength(1);
    expect((await alertRow(alert.fingerprint)).silencedBy).toEqual([]);
  });

  it("mutes sales alerts while an integration alert fires there", async () => {
    const ops = secretHook("mute-inhibit-ops");
    const itHook = secretHook("mute-inhibit-it");
    await scriptHook(ops);
    await scriptHook(itHook);
    await putRouting(teamDocument(ops, itHook));
    const feed = makeAlert({ locationId: "mute-2", type: "feed_silent" });
    const dip = makeAlert({ locationId: "mute-2", type: "sales_dip" });
    const elsewhere = makeAlert({ locationId: "mute-3", type: "sales_dip" });
    const [itGroup] = await groupObjectsFor(feed);
    const [salesGroup] = await groupObjectsFor(dip);
    const [otherGroup] = await groupObjectsFor(elsewhere);
    await emit(feed, dip, elsewhere);
    await waitForGroupAlerts(itGroup, 1);
    await waitForGroupAlerts(salesGroup, 1);
    await waitForGroupAlerts(otherGroup, 1);

    await runDurableObjectAlarm(groupStub(itGroup));
    await runDurableObjectAlarm(groupStub(salesGroup));
    await runDurableObjectAlarm(groupStub(otherGroup));
    const itRequests = await waitForRequests(itHook, 1);
    const opsRequests = await waitForRequests(ops, 1);
    await settle();

    expect(itRequests).toHaveLength(1);
    // Only the dip at the other location reaches ops.
    const sent = (await receivedBy(ops)).map((r) => JSON.parse(r.body).data.firing[0].location.id);
    expect(sent).toEqual(["mute-3"]);
    expect(opsRequests).toHaveLength(1);
    expect((await alertRow(dip.fingerprint)).inhibitedBy).toBe(feed.fingerprint);

    // Once the feed recovers, the dip is no longer muted and goes out.
    await emit(makeAlert({ locationId: "mute-2", type: "feed_silent", status: "resolved" }));
    await eventually(async () => (await alertRow(feed.fingerprint)).status === "resolved");
    await runDurableObjectAlarm(groupStub(salesGroup));
    const after = await waitForRequests(ops, 2);
    expect(JSON.parse(after[1].body).data.firing[0].fingerprint).toBe(dip.fingerprint);
  });

  it("lists, filters and expires silences", async () => {
    const now = Date.now();
    const pending = await api("/v1/silences", {
      body: {
        matchers: ["region=eu-west", 'type=~"sales_.*"'],
        startsAt: new Date(now + HOUR_MS).toISOString(),
        endsAt: new Date(now + 2 * HOUR_MS).toISOString(),
        createdBy: "ops-lead",
        comment: "planned POS upgrade",
      },
    });
    expect(pending.status).toBe(201);
    expect(pending.body.state).toBe("pending");
    const listed = await api("/v1/silences?state=pending");
    expect(listed.body.silences.map((s: { id: string }) => s.id)).toContain(pending.body.id);

    const invalid = await api("/v1/silences", {
      body: {
        matchers: ['type=~"("'],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now - 1).toISOString(),
        createdBy: "ops-lead",
        comment: "broken",
      },
    });
    expect(invalid.status).toBe(400);
    const fields = invalid.body.issues.map((i: { field: string }) => i.field);
    expect(fields).toContain("matchers.0");

    const missing = await api("/v1/silences/sil_nope", { method: "DELETE" });
    expect(missing.status).toBe(404);
  });
});

