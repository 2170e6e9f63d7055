import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, location, register, sale } from "../helpers";

describe("retries and partial failure", () => {
  it("resending a batch after a partial failure completes it exactly once", async () => {
    await register(location("pf-ok"));
    // A registry row whose object was never configured: its share fails.
    await env.DB.prepare(
      `INSERT INTO locations (id, name, timezone, currency, tags, exceptions,
         closed_on_public_holidays, created_at, updated_at)
       VALUES ('pf-broken', 'Broken', 'UTC', 'USD', '[]', '[]', 0, 0, 0)`,
    ).run();
    const now = Date.now();
    const events = [sale("pf-ok", now), sale("pf-ok", now), sale("pf-broken", now)];

    const first = await api("/v1/events", { body: { events } });
    expect(first.status).toBe(503);
    expect(first.body.accepted).toBe(2);
    expect(first.body.failed).toEqual([
      expect.objectContaining({ locationId: "pf-broken", events: 1 }),
    ]);

    await register(location("pf-broken", { timezone: "UTC" }));
    const retry = await api("/v1/events", { body: { events } });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ accepted: 1, duplicate: 2 });

    const ok = await api("/v1/locations/pf-ok/state");
    const broken = await api("/v1/locations/pf-broken/state");
    expect(ok.body.currentBucket.counts.transactions).toBe(2);
    expect(broken.body.currentBucket.counts.transactions).toBe(1);
  });

  it("buckets and dedup keys survive an object restart", async () => {
    await register(location("persist"));
    const event = sale("persist", Date.now());
    await api("/v1/events", { body: { events: [event] } });
    const stub = env.LOCATION_MONITOR.getByName("persist");
    await evictDurableObject(stub);

    const again = await api("/v1/events", { body: { events: [event] } });
    expect(again.body).toMatchObject({ accepted: 0, duplicate: 1 });
    const state = await api("/v1/locations/persist/state");
    expect(state.body.currentBucket.counts.transactions).toBe(1);
  });

  it("alarm closes buckets and prunes data past retention", async () => {
    await register(location("prune", { timezone: "UTC" }));
    const day = 86_400_000;
    const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const old = new Date(hourStart - 500 * day).toISOString();
    const recent = new Date(hourStart - 10 * day).toISOString();
    const backfill = await api("/v1/locations/prune/history", {
      body: { grain: "hour", rows: [{ start: old, transactions: 5 }, { start: recent, transactions: 7 }] },
    });
    expect(backfill.status).toBe(200);

    const stub = env.LOCATION_MONITOR.getByName("prune");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const series = await stub.getSeries("transactions", "hour", hourStart - 600 * day, hourStart);
    expect(series.map((p) => p.value)).toEqual([7]);
  });
});
