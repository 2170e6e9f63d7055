import { describe, expect, it } from "vitest";
import { api, location, register } from "../helpers";

describe("location registry", () => {
  it("upserts in bulk and reads back", async () => {
    const hours = { mon: [["09:00", "20:00"]], sat: [["10:00", "14:00"]] };
    await register(
      location("reg-1", { openingHours: hours, exceptions: [{ date: "2026-12-25", closed: true }] }),
      location("reg-2", { region: "eu", timezone: "Europe/Berlin", currency: "EUR" }),
    );
    await register(location("reg-1", { name: "Renamed" }));
    const one = await api("/v1/locations/reg-1");
    expect(one.body.name).toBe("Renamed");
    expect(one.body.openingHours).toBeUndefined();

    const eu = await api("/v1/locations?region=eu");
    expect(eu.body.locations.map((l: { id: string }) => l.id)).toEqual(["reg-2"]);
  });

  it("unknown time zone is a 400 naming it", async () => {
    const result = await api("/v1/locations", {
      body: [location("reg-ok"), location("reg-bad", { timezone: "Mars/Olympus" })],
    });
    expect(result.status).toBe(400);
    expect(result.body.issues).toEqual([
      expect.objectContaining({ index: 1, field: "timezone", problem: expect.stringContaining("Mars/Olympus") }),
    ]);
    const missing = await api("/v1/locations/reg-ok");
    expect(missing.status).toBe(404);
  });

  it("rejects bad opening hours with the path", async () => {
    const result = await api("/v1/locations", {
      body: [location("reg-hours", { openingHours: { mon: [["9am", "20:00"]] } })],
    });
    expect(result.status).toBe(400);
    expect(result.body.issues[0].field).toBe("openingHours.mon.0.0");
  });

  it("keeps daily history daily", async () => {
    await register(location("reg-daily", { timezone: "Europe/Berlin", currency: "EUR" }));
    const rows = [
      { date: "2015-07-30", transactions: 555, sales: "5263.00", open: true, events: { promo: 1 } },
      { date: "2015-07-31", transactions: 0, sales: 0, open: false },
    ];
    const stored = await api("/v1/locations/reg-daily/history", { body: { grain: "day", rows } });
    expect(stored.status).toBe(200);
    expect(stored.body.written).toBe(2);
    await api("/v1/locations/reg-daily/history", { body: { grain: "day", rows } });

    const daily = await api(
      "/v1/locations/reg-daily/series?metric=sales&grain=day&from=2015-07-01T00:00:00Z&to=2015-08-01T00:00:00Z",
    );
    expect(daily.body.points).toEqual([
      expect.objectContaining({ date: "2015-07-30", value: 526300, open: true, events: { promo: 1 } }),
      expect.objectContaining({ date: "2015-07-31", value: 0, open: false }),
    ]);
    const hourly = await api(
      "/v1/locations/reg-daily/series?metric=sales&from=2015-07-25T00:00:00Z&to=2015-08-01T00:00:00Z",
    );
    expect(hourly.body.points).toEqual([]);
  });

  it("rejects an hourly row not at a local hour start", async () => {
    await register(location("reg-hourly", { timezone: "Asia/Kolkata", currency: "INR" }));
    const result = await api("/v1/locations/reg-hourly/history", {
      body: { grain: "hour", rows: [{ start: "2026-01-01T10:00:00Z", transactions: 1 }] },
    });
    expect(result.status).toBe(400);
    expect(result.body.issues[0]).toMatchObject({ index: 0, field: "start" });
  });

  it("serves an OpenAPI document", async () => {
    const result = await api("/openapi.json", { token: null });
    expect(result.status).toBe(200);
    expect(result.body.openapi).toBe("3.1.0");
    expect(Object.keys(result.body.paths)).toEqual(
      expect.arrayContaining(["/v1/events", "/v1/locations", "/v1/locations/{id}/history"]),
    );
  });
});
