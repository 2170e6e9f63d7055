import { describe, expect, it } from "vitest";
import { api, location, register, sale } from "../helpers";

const MINUTE = 60_000;

describe("POST /v1/events", () => {
  it("applies a batch and counts a resent batch as duplicates", async () => {
    await register(location("ev-1"));
    const now = Date.now();
    const events = [
      sale("ev-1", now - 2 * MINUTE),
      sale("ev-1", now - MINUTE, { tender: "cash", amount: 3 }),
      { id: "hb-1", locationId: "ev-1", type: "heartbeat", timestamp: new Date(now).toISOString() },
    ];
    const first = await api("/v1/events", { body: { events } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, duplicate: 0, locations: 1 });

    const again = await api("/v1/events", { body: { events } });
    expect(again.body).toMatchObject({ accepted: 0, duplicate: 3 });

    const state = await api("/v1/locations/ev-1/state");
    const counts = state.body.currentBucket.counts;
    const inBucket = events.filter(
      (e) => Date.parse(e.timestamp) >= Date.parse(state.body.currentBucket.startUtc),
    );
    expect(counts.heartbeats).toBe(1);
    expect(counts.transactions).toBe(inBucket.length - 1);
    expect(state.body.lastEvents.heartbeat.id).toBe("hb-1");
  });

  it("counts a repeated id within one batch once", async () => {
    await register(location("ev-twice"));
    const event = sale("ev-twice", Date.now());
    const result = await api("/v1/events", { body: { events: [event, event, { ...event }] } });
    expect(result.body).toMatchObject({ accepted: 1, duplicate: 2 });
    const state = await api("/v1/locations/ev-twice/state");
    expect(state.body.currentBucket.counts.transactions).toBe(1);
  });

  it("stores amounts exactly as minor units", async () => {
    await register(location("ev-money", { currency: "JPY" }), location("ev-kwd", { currency: "KWD" }));
    const at = Date.now();
    const result = await api("/v1/events", {
      body: {
        events: [
          sale("ev-money", at, { currency: "JPY", amount: "1200" }),
          sale("ev-kwd", at, { currency: "KWD", amount: "0.125" }),
          sale("ev-kwd", at, { currency: "KWD", amount: 0.1 }),
        ],
      },
    });
    expect(result.status).toBe(200);
    const yen = await api("/v1/locations/ev-money/state");
    const dinar = await api("/v1/locations/ev-kwd/state");
    expect(yen.body.currentBucket.counts.sales).toBe(1200);
    expect(dinar.body.currentBucket.counts.sales).toBe(225);
  });

  it("rejects a batch whole and lists every invalid event", async () => {
    await register(location("ev-bad"));
    const now = Date.now();
    const events = [
      sale("ev-bad", now),
      sale("nowhere", now),
      sale("ev-bad", now, { currency: "EUR" }),
      sale("ev-bad", now + 10 * MINUTE),
      sale("ev-bad", now - 8 * 24 * 60 * MINUTE),
      sale("ev-bad", now, { amount: "1.234" }),
      { id: "x", locationId: "ev-bad", type: "sale", timestamp: new Date(now).toISOString(), currency: "USD", tender: "card" },
      { id: "y", locationId: "ev-bad", type: "teleport", timestamp: new Date(now).toISOString() },
      sale("ev-bad", "2026-03-08 10:00"),
    ];
    const result = await api("/v1/events", { body: { events } });
    expect(result.status).toBe(400);
    const byIndex = new Map<number, any[]>();
    for (const issue of result.body.issues) {
      byIndex.set(issue.index, [...(byIndex.get(issue.index) ?? []), issue]);
    }
    expect([...byIndex.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(byIndex.get(1)![0]).toMatchObject({ field: "locationId" });
    expect(byIndex.get(2)![0].problem).toContain("USD");
    expect(byIndex.get(3)![0]).toMatchObject({ field: "timestamp" });
    expect(byIndex.get(4)![0].fix).toContain("/v1/locations/ev-bad/history");
    expect(byIndex.get(5)![0]).toMatchObject({ field: "amount" });
    expect(byIndex.get(6)![0]).toMatchObject({ field: "amount", problem: "is missing" });
    expect(byIndex.get(7)![0].field).toBe("type");
    expect(byIndex.get(8)![0].field).toBe("timestamp");
    for (const issue of result.body.issues) {
      expect(issue.fix.length).toBeGreaterThan(5);
    }

    const state = await api("/v1/locations/ev-bad/state");
    expect(state.body.currentBucket.counts.transactions).toBe(0);
  });

  it("rejects oversized batches", async () => {
    const events = Array.from({ length: 1001 }, (_, i) => sale("ev-big", Date.now(), { id: `big-${i}` }));
    const tooMany = await api("/v1/events", { body: { events } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain("1001 events exceeds the limit of 1000");

    const tooLarge = await api("/v1/events", {
      body: { events: [sale("ev-big", Date.now(), { padding: "x".repeat(1_100_000) })] },
    });
    expect(tooLarge.status).toBe(413);
  });

  it("requires a token", async () => {
    const result = await api("/v1/events", { body: { events: [] }, token: null });
    expect(result.status).toBe(401);
    expect(result.body.error.message).toContain("Authorization: Bearer");
  });
});
