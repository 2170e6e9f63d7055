import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { makeAlert } from "../alerts/fixtures";
import { receivedBy, scriptHook } from "../receiver";
import {
  emit,
  groupObjectsFor,
  groupStub,
  putRouting,
  secretHook,
  singleReceiver,
  waitForGroupAlerts,
  waitForRequests,
  webhook,
} from "../delivery/helpers";

// Timers far in the future, so only runDurableObjectAlarm flushes groups.
const MANUAL_TIMERS = {
  group_wait: "1h",
  group_interval: "5m",
  repeat_interval: "10m",
};

function fingerprintsOf(body: string, key: "firing" | "resolved"): string[] {
  const data = JSON.parse(body).data;
  return data[key].map((a: { fingerprint: string }) => a.fingerprint).sort();
}

async function setUp(name: string) {
  const hook = secretHook(name);
  await scriptHook(hook);
  await putRouting(singleReceiver([webhook(hook)], MANUAL_TIMERS));
  return hook;
}

/** Runs a group's alarm and waits for its messages to arrive, if any. */
async function flush(group: string, hook: string, expected: number) {
  expect(await runDurableObjectAlarm(groupStub(group))).toBe(true);
  if (expected > 0) return waitForRequests(hook, expected);
  // Give a notification that should not exist the time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  return receivedBy(hook);
}

describe("alert groups", () => {
  it("sends alerts of one group in one message", async () => {
    const hook = await setUp("group-one");
    const first = makeAlert({ locationId: "grp-1", anomalyId: "a-1" });
    const second = makeAlert({ locationId: "grp-1", anomalyId: "a-2", type: "sales_spike" });
    const [group] = await groupObjectsFor(first);
    await emit(first, second);
    await waitForGroupAlerts(group, 2);

    const [request] = await flush(group, hook, 1);
    expect(fingerprintsOf(request.body, "firing")).toEqual(
      [first.fingerprint, second.fingerprint].sort(),
    );
    expect(await receivedBy(hook)).toHaveLength(1);
  });

  it("waits for group_wait before the first message", async () => {
    const hook = await setUp("group-wait");
    const alert = makeAlert({ locationId: "grp-wait" });
    const [group] = await groupObjectsFor(alert);
    await emit(alert);
    await waitForGroupAlerts(group, 1);

    const state = await groupStub(group).getGroupState();
    const waitMs = state.alarmAtMs! - state.meta!.createdAtMs;
    expect(waitMs).toBe(3_600_000);
    expect(await receivedBy(hook)).toHaveLength(0);
  });

  it("repeats an unchanged group after repeat_interval", async () => {
    const hook = await setUp("group-repeat");
    const alert = makeAlert({ locationId: "grp-repeat" });
    const [group] = await groupObjectsFor(alert);
    await emit(alert);
    await waitForGroupAlerts(group, 1);

    await flush(group, hook, 1);
    // Five minutes on: unchanged and within repeat_interval, so nothing.
    expect(await flush(group, hook, 0)).toHaveLength(1);
    // Ten minutes on: repeat_interval has passed.
    const requests = await flush(group, hook, 2);
    expect(requests).toHaveLength(2);
    expect(requests[1].headers["webhook-id"]).not.toBe(requests[0].headers["webhook-id"]);
    const state = await groupStub(group).getGroupState();
    expect(state.last?.repeatIndex).toBe(1);
  });

  it("sends a changed group at the next group_interval", async () => {
    const hook = await setUp("group-changed");
    const first = makeAlert({ locationId: "grp-changed", anomalyId: "a-1" });
    const [group] = await groupObjectsFor(first);
    await emit(first);
    await waitForGroupAlerts(group, 1);
    await flush(group, hook, 1);

    const second = makeAlert({ locationId: "grp-changed", anomalyId: "a-2" });
    await emit(second);
    await waitForGroupAlerts(group, 2);
    const requests = await flush(group, hook, 2);
    expect(fingerprintsOf(requests[1].body, "firing")).toEqual(
      [first.fingerprint, second.fingerprint].sort(),
    );
  });

  it("sends a resolved notice and closes the group", async () => {
    const hook = await setUp("group-resolved");
    const alert = makeAlert({ locationId: "grp-resolved" });
    const [group] = await groupObjectsFor(alert);
    await emit(alert);
    await waitForGroupAlerts(group, 1);
    await flush(group, hook, 1);

    const resolved = makeAlert({ locationId: "grp-resolved", status: "resolved" });
    await emit(resolved);
    await waitForStatus(group, "resolved");
    const requests = await flush(group, hook, 2);
    const body = JSON.parse(requests[1].body);
    expect(body.type).toBe("alert_group.resolved");
    expect(fingerprintsOf(requests[1].body, "resolved")).toEqual([alert.fingerprint]);
    expect(fingerprintsOf(requests[1].body, "firing")).toEqual([]);

    const state = await groupStub(group).getGroupState();
    expect(state.meta).toBeNull();
    expect(state.alarmAtMs).toBeNull();
  });

  it("sends nothing for an alert that resolved before its first message", async () => {
    const hook = await setUp("group-brief");
    const alert = makeAlert({ locationId: "grp-brief" });
    const [group] = await groupObjectsFor(alert);
    await emit(alert);
    await waitForGroupAlerts(group, 1);
    await emit(makeAlert({ locationId: "grp-brief", status: "resolved" }));
    await waitForStatus(group, "resolved");

    expect(await flush(group, hook, 0)).toHaveLength(0);
    expect((await groupStub(group).getGroupState()).meta).toBeNull();
  });

  it("keeps its timers after a flush throws", async () => {
    const hook = await setUp("group-fault");
    const alert = makeAlert({ locationId: "grp-fault" });
    const [group] = await groupObjectsFor(alert);
    await emit(alert);
    await waitForGroupAlerts(group, 1);
    const stub = groupStub(group);
    await stub.injectFlushFailures(1);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const afterFailure = await stub.getGroupState();
    expect(afterFailure.alarmAtMs).not.toBeNull();
    expect(afterFailure.meta?.failedFlushes).toBe(1);
    expect(await receivedBy(hook)).toHaveLength(0);

    const requests = await flush(group, hook, 1);
    expect(requests).toHaveLength(1);
    const recovered = await stub.getGroupState();
    expect(recovered.meta?.failedFlushes).toBe(0);
    expect(recovered.alarmAtMs).toBe(recovered.meta!.dueAtMs);
  });
});

/** Waits until one of a group's alerts has the given status. */
async function waitForStatus(group: string, status: string): Promise<void> {
  await vi.waitUntil(
    async () => {
      const state = await groupStub(group).getGroupState();
      return state.alerts.some((a) => a.status === status);
    },
    { timeout: 10_000, interval: 100 },
  );
}
