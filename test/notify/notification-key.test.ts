import { describe, expect, it } from "vitest";
import { notificationKey } from "../../src/notify/notification-key";

const parts = {
  groupKey: 'route{location="s-12"}',
  receiver: "ops",
  firing: ["b", "a"],
  resolved: [],
  repeatIndex: 0,
};

describe("notificationKey", () => {
  it("is the same for the same state in any order", async () => {
    const again = await notificationKey({ ...parts, firing: ["a", "b"] });
    expect(await notificationKey(parts)).toBe(again);
  });

  it("differs for a repeat of the same state", async () => {
    const repeat = await notificationKey({ ...parts, repeatIndex: 1 });
    expect(await notificationKey(parts)).not.toBe(repeat);
  });

  it("differs per receiver and per state", async () => {
    const key = await notificationKey(parts);
    expect(await notificationKey({ ...parts, receiver: "it" })).not.toBe(key);
    expect(await notificationKey({ ...parts, resolved: ["a"] })).not.toBe(key);
  });

  it("has a fixed form", async () => {
    expect(await notificationKey(parts)).toMatch(/^ntf_[0-9a-f]{32}$/);
  });
});
