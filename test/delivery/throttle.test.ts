import { describe, expect, it } from "vitest";
import {
  afterResponse,
  claimSlot,
  INITIAL_THROTTLE_STATE,
  replanReservations,
  waitBeforeSendMs,
} from "../../src/notify/throttle";

const LIMITS = { minIntervalMs: 1_000, maxHoldMs: 3_000 };

describe("endpoint throttle", () => {
  it("spaces new requests by the interval", () => {
    const first = claimSlot(INITIAL_THROTTLE_STATE, 10_000, LIMITS, null);
    const second = claimSlot(first.state, 10_000, LIMITS, null);
    const third = claimSlot(second.state, 10_200, LIMITS, null);
    expect([first.slotAtMs, second.slotAtMs, third.slotAtMs]).toEqual([10_000, 11_000, 12_000]);
  });

  it("keeps a reserved slot without taking a new one", () => {
    const state = { ...INITIAL_THROTTLE_STATE, nextFreeAtMs: 50_000 };
    const claim = claimSlot(state, 20_000, LIMITS, 21_000);
    expect(claim.slotAtMs).toBe(21_000);
    expect(claim.state.nextFreeAtMs).toBe(50_000);
  });

  it("puts no slot inside a block", () => {
    const state = { ...INITIAL_THROTTLE_STATE, blockedUntilMs: 30_000 };
    expect(claimSlot(state, 20_000, LIMITS, null).slotAtMs).toBe(30_000);
    expect(claimSlot(state, 20_000, LIMITS, 21_000).slotAtMs).toBe(30_000);
  });

  it("blocks after a 429 for its Retry-After", () => {
    const state = afterResponse(INITIAL_THROTTLE_STATE, 5_000, { status: 429, retryAfterMs: 2_000 });
    expect(state.blockedUntilMs).toBe(7_000);
    expect(waitBeforeSendMs(state, 5_500, LIMITS)).toBe(1_500);
  });

  it("blocks a 429 without Retry-After for one second", () => {
    const state = afterResponse(INITIAL_THROTTLE_STATE, 5_000, { status: 429, retryAfterMs: null });
    expect(state.blockedUntilMs).toBe(6_000);
  });

  it("does not block on a 500", () => {
    const state = afterResponse(INITIAL_THROTTLE_STATE, 5_000, { status: 500, retryAfterMs: null });
    expect(state.blockedUntilMs).toBe(0);
    expect(waitBeforeSendMs(state, 5_200, LIMITS)).toBe(800);
  });

  it("moves reservations past a new block in order", () => {
    const state = { ...INITIAL_THROTTLE_STATE, blockedUntilMs: 10_000, nextFreeAtMs: 9_000 };
    const plan = replanReservations(
      [
        { notificationId: "b", slotAtMs: 8_000 },
        { notificationId: "a", slotAtMs: 7_000 },
        { notificationId: "c", slotAtMs: 20_000 },
      ],
      state,
      LIMITS,
    );
    expect(plan.reservations).toEqual([
      { notificationId: "a", slotAtMs: 10_000 },
      { notificationId: "b", slotAtMs: 11_000 },
      { notificationId: "c", slotAtMs: 20_000 },
    ]);
    expect(plan.state.nextFreeAtMs).toBe(21_000);
  });
});
