import { describe, expect, it } from "vitest";
import { api, location, register } from "../helpers";

const HOUR = 3_600_000;

/** Posts one sale per UTC half hour across [from, to) and reads hourly buckets. */
async function bucketsOfLocalDay(id: string, timezone: string, fromUtc: string, toUtc: string) {
  await register(location(id, { timezone, currency: "USD" }));
  const rows = [];
  for (let t = Date.parse(fromUtc); t < Date.parse(toUtc); t += HOUR / 2) {
    rows.push({
      id: `${id}-${t}`,
      locationId: id,
      type: "sale",
      timestamp: new Date(t).toISOString(),
      amount: "1.00",
      currency: "USD",
      tender: "card",
    });
  }
  const stored = await api(`/v1/locations/${id}/history`, { body: { events: rows } });
  expect(stored.status).toBe(200);
  const series = await api(
    `/v1/locations/${id}/series?metric=transactions&from=${fromUtc}&to=${toUtc}`,
  );
  expect(series.status).toBe(200);
  return series.body.points as { startUtc: string; startLocal: string; value: number }[];
}

describe("hourly buckets in local time", () => {
  // Each case: one local calendar day given as its UTC bounds.
  const cases = [
    { zone: "America/New_York", day: "spring", from: "2026-03-08T05:00:00Z", to: "2026-03-09T04:00:00Z", hours: 23 },
    { zone: "America/New_York", day: "autumn", from: "2026-11-01T04:00:00Z", to: "2026-11-02T05:00:00Z", hours: 25 },
    { zone: "Europe/London", day: "spring", from: "2026-03-29T00:00:00Z", to: "2026-03-29T23:00:00Z", hours: 23 },
    { zone: "Europe/London", day: "autumn", from: "2026-10-24T23:00:00Z", to: "2026-10-26T00:00:00Z", hours: 25 },
    { zone: "Australia/Sydney", day: "autumn", from: "2026-04-04T13:00:00Z", to: "2026-04-05T14:00:00Z", hours: 25 },
    { zone: "Australia/Sydney", day: "spring", from: "2026-10-03T14:00:00Z", to: "2026-10-04T13:00:00Z", hours: 23 },
  ];
  for (const c of cases) {
    it(`${c.zone} ${c.day} change has ${c.hours} buckets`, async () => {
      const id = `dst-${c.zone.replace("/", "-")}-${c.day}`;
      const points = await bucketsOfLocalDay(id, c.zone, c.from, c.to);
      expect(points).toHaveLength(c.hours);
      expect(points.every((p) => p.value === 2)).toBe(true);
      const localHours = points.map((p) => p.startLocal.slice(11, 13));
      expect(new Set(localHours).size).toBe(c.hours === 25 ? 24 : 23);
    });
  }

  it("repeated autumn hour is two buckets with distinct offsets", async () => {
    const points = await bucketsOfLocalDay(
      "dst-ny-repeat",
      "America/New_York",
      "2026-11-01T05:00:00Z",
      "2026-11-01T07:00:00Z",
    );
    expect(points.map((p) => p.startLocal)).toEqual([
      "2026-11-01T01:00:00-04:00",
      "2026-11-01T01:00:00-05:00",
    ]);
  });

  it("half-hour zone buckets start at :30 UTC", async () => {
    const points = await bucketsOfLocalDay(
      "tz-kolkata",
      "Asia/Kolkata",
      "2026-01-14T18:30:00Z",
      "2026-01-15T18:30:00Z",
    );
    expect(points).toHaveLength(24);
    expect(points[0].startLocal).toBe("2026-01-15T00:00:00+05:30");
    expect(points.every((p) => p.startUtc.slice(14, 16) === "30")).toBe(true);
  });
});
