import { describe, expect, it } from "vitest";
import {
  decideNotification,
  nextFlushAtMs,
  type GroupSnapshot,
} from "../../src/notify/decide";

const timing = {
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 4 * 3_600_000,
};
const T0 = Date.parse("2026-03-02T09:00:00Z");

function snapshot(overrides: Partial<GroupSnapshot> = {}): GroupSnapshot {
  return {
    createdAtMs: T0,
    lastFlushAtMs: null,
    firing: ["a"],
    resolved: [],
    muted: [],
    last: null,
    sendResolved: true,
    ...overrides,
  };
}

const sentA = { sentAtMs: T0 + 30_000, firing: ["a"], resolved: [], repeatIndex: 0 };
const flushed = { lastFlushAtMs: T0 + 30_000, last: sentA };
const afterInterval = T0 + 30_000 + 300_000;

describe("decideNotification", () => {
  it("waits for group_wait before the first message", () => {
    const decision = decideNotification(snapshot(), T0 + 10_000, timing);
    expect(decision).toEqual({
      send: false,
      reason: "group_wait_pending",
      nextFlushAtMs: T0 + 30_000,
    });
  });

  it("sends the first notification after group_wait", () => {
    const decision = decideNotification(snapshot(), T0 + 30_000, timing);
    expect(decision).toEqual({
      send: true,
      reason: "first_notification",
      repeatIndex: 0,
      nextFlushAtMs: T0 + 330_000,
    });
  });

  it("waits for group_interval after a flush", () => {
    const group = snapshot({ ...flushed, firing: ["a", "b"] });
    const decision = decideNotification(group, T0 + 60_000, timing);
    expect(decision.reason).toBe("group_interval_pending");
    expect(decision.nextFlushAtMs).toBe(afterInterval);
  });

  it("sends when a new alert joins the group", () => {
    const group = snapshot({ ...flushed, firing: ["a", "b"] });
    const decision = decideNotification(group, afterInterval, timing);
    expect(decision.send).toBe(true);
    expect(decision.reason).toBe("group_changed");
  });

  it("holds an unchanged group as already sent", () => {
    const decision = decideNotification(snapshot(flushed), afterInterval, timing);
    expect(decision).toEqual({
      send: false,
      reason: "already_sent",
      nextFlushAtMs: afterInterval + 300_000,
    });
  });

  it("repeats after repeat_interval with a new index", () => {
    const at = sentA.sentAtMs + timing.repeatIntervalMs;
    const decision = decideNotification(snapshot(flushed), at, timing);
    expect(decision).toMatchObject({
      send: true,
      reason: "repeat_interval_elapsed",
      repeatIndex: 1,
    });
  });

  it("sends resolved when every alert resolved", () => {
    const group = snapshot({ ...flushed, firing: [], resolved: ["a"] });
    const decision = decideNotification(group, afterInterval, timing);
    expect(decision.send).toBe(true);
    expect(decision.reason).toBe("resolved");
  });

  it("holds resolved when send_resolved is off", () => {
    const group = snapshot({
      ...flushed,
      firing: [],
      resolved: ["a"],
      sendResolved: false,
    });
    const decision = decideNotification(group, afterInterval, timing);
    expect(decision.reason).toBe("send_resolved_disabled");
  });

  it("sends when one of several alerts resolves", () => {
    const last = { ...sentA, firing: ["a", "b"] };
    const group = snapshot({ ...flushed, last, firing: ["a"], resolved: ["b"] });
    const decision = decideNotification(group, afterInterval, timing);
    expect(decision.reason).toBe("group_changed");
  });

  it("holds a silenced group instead of resolving it", () => {
    const group = snapshot({
      ...flushed,
      firing: [],
      muted: [{ fingerprint: "a", reason: "silenced" }],
    });
    const decision = decideNotification(group, afterInterval, timing);
    expect(decision.send).toBe(false);
    expect(decision.reason).toBe("silenced");
  });

  it("names inhibition when it mutes the first message", () => {
    const group = snapshot({
      firing: [],
      muted: [{ fingerprint: "a", reason: "inhibited" }],
    });
    const decision = decideNotification(group, T0 + 30_000, timing);
    expect(decision.reason).toBe("inhibited");
  });

  it("calls mixed muting muted", () => {
    const group = snapshot({
      firing: [],
      muted: [
        { fingerprint: "a", reason: "inhibited" },
        { fingerprint: "b", reason: "silenced" },
      ],
    });
    expect(decideNotification(group, T0 + 30_000, timing).reason).toBe("muted");
  });

  it("skips alerts that resolved before any message", () => {
    const group = snapshot({ firing: [], resolved: ["a"] });
    const decision = decideNotification(group, T0 + 30_000, timing);
    expect(decision.reason).toBe("nothing_firing");
  });
});

describe("nextFlushAtMs", () => {
  it("counts group_wait from creation, then group_interval", () => {
    expect(nextFlushAtMs(snapshot(), timing)).toBe(T0 + 30_000);
    expect(nextFlushAtMs(snapshot(flushed), timing)).toBe(afterInterval);
  });
});
