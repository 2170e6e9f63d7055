import { describe, expect, it } from "vitest";
import { random } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { dateAfter, normalDay, trainedDailyStore } from "./helpers";

/** A Monday, so the replayed week below has its Sunday on day 6. */
const REPLAY_FROM = "2025-03-03";

function replay(id: string, rows: unknown[], token?: string | null) {
  return api(`/v1/locations/${id}/replay`, { body: { grain: "day", rows }, token });
}

/** Normal rows for `count` days from `first`; `change` edits any of them. */
function days(first: string, count: number, change: (row: any, i: number) => void = () => {}) {
  const next = random(first.length + count);
  return Array.from({ length: count }, (_, i) => {
    const row = normalDay(dateAfter(first, i), next);
    change(row, i);
    return row;
  });
}

describe("daily replay", () => {
  it("scores normal days and a weekday closure without alerts", async () => {
    await trainedDailyStore("rp-closure", REPLAY_FROM);
    const rows = days(REPLAY_FROM, 7, (row, i) => {
      // Wednesday: shut all day, as an unplanned closure the export reports.
      if (i === 2) Object.assign(row, { transactions: 0, sales: "0.00", open: false });
    });
    const result = await replay("rp-closure", rows);
    expect(result.status).toBe(200);
    expect(result.body.days.map((d: any) => d.date)).toEqual(rows.map((r) => r.date));
    for (const day of result.body.days) expect(day.closed).toBe(24);
    expect(result.body.alerts).toBe(0);
    for (const day of result.body.days) expect(day.open).toEqual([]);

    const series = await api(
      "/v1/locations/rp-closure/series?metric=sales&grain=day" +
        `&from=${REPLAY_FROM}T00:00:00%2B01:00&to=${dateAfter(REPLAY_FROM, 7)}T00:00:00%2B01:00`,
    );
    expect(series.status).toBe(200);
    expect(series.body.points).toHaveLength(7);
    const wednesday = series.body.points[2];
    expect(wednesday.open).toBe(false);
    expect(wednesday.value).toBe(0);
    const monday = series.body.points[0];
    expect(monday.expected).toBeGreaterThan(5_000_00);
    expect(monday.lower).toBeLessThan(monday.value);
    expect(monday.upper).toBeGreaterThan(monday.value);
    const state = await api("/v1/locations/rp-closure/state");
    expect(state.body.openAnomalies).toEqual([]);
  });

  it("opens a sales dip on a real drop and resolves it", async () => {
    await trainedDailyStore("rp-drop", REPLAY_FROM);
    const before = days(REPLAY_FROM, 3, (row, i) => {
      // Wednesday: open, but sales fell to a fifth of normal.
      if (i === 2) {
        row.sales = (Number(row.sales) / 5).toFixed(2);
        row.transactions = Math.round(row.transactions / 5);
      }
    });
    const dropped = await replay("rp-drop", before);
    expect(dropped.status).toBe(200);
    const [, tuesday, wednesday] = dropped.body.days;
    expect(tuesday.open).toEqual([]);
    expect(wednesday.alerts).toBeGreaterThanOrEqual(1);
    expect(wednesday.open).toHaveLength(1);
    expect(wednesday.open[0]).toMatchObject({ type: "sales_dip" });

    const state = await api("/v1/locations/rp-drop/state");
    expect(state.body.openAnomalies).toHaveLength(1);
    const alert = state.body.openAnomalies[0];
    expect(alert).toMatchObject({ type: "sales_dip", status: "firing", anomalyId: wednesday.open[0].anomalyId });
    expect(alert.actual).toBeLessThan(alert.expected);
    expect(alert.updatedAt).toBe(new Date(`${dateAfter(REPLAY_FROM, 3)}T00:00:00+01:00`).toISOString());

    const after = await replay("rp-drop", days(dateAfter(REPLAY_FROM, 3), 2));
    expect(after.status).toBe(200);
    expect(after.body.days.at(-1).open).toEqual([]);
    const resolved = await api("/v1/locations/rp-drop/state");
    expect(resolved.body.openAnomalies).toEqual([]);
  });

  it("replays rows in date order whatever order they came in", async () => {
    await trainedDailyStore("rp-order", REPLAY_FROM);
    const rows = days(REPLAY_FROM, 3).reverse();
    const result = await replay("rp-order", rows);
    expect(result.status).toBe(200);
    expect(result.body.days.map((d: any) => d.date)).toEqual(rows.map((r) => r.date).reverse());
    const state = await api("/v1/locations/rp-order/state");
    expect(state.body.closedThrough).toBe(new Date(`${dateAfter(REPLAY_FROM, 3)}T00:00:00+01:00`).toISOString());
  });

  it("rejects invalid rows and stores nothing", async () => {
    await register(location("rp-invalid", { timezone: "Europe/Berlin", currency: "EUR" }));
    const rows = [
      { date: "2025-03-03", sales: "10.00" },
      { date: "2025-02-30", sales: "10.00" },
      { date: "2025-03-05", sales: "ten" },
    ];
    const result = await replay("rp-invalid", rows);
    expect(result.status).toBe(400);
    expect(result.body.issues.map((i: any) => i.index)).toEqual([1, 2]);
    const state = await api("/v1/locations/rp-invalid/state");
    expect(state.body.closedThrough).toBeNull();
  });

  it("rejects more rows than the limit", async () => {
    await register(location("rp-limit", { timezone: "Europe/Berlin", currency: "EUR" }));
    const rows = Array.from({ length: 1_201 }, (_, i) => ({ date: dateAfter("2020-01-01", i), sales: "1.00" }));
    const result = await replay("rp-limit", rows);
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toContain("rows");
  });

  it("returns 404 for an unknown location", async () => {
    const result = await replay("rp-nobody", [{ date: "2025-03-03", sales: "1.00" }]);
    expect(result.status).toBe(404);
  });

  it("requires the admin token", async () => {
    const result = await replay("rp-closure", [{ date: "2025-03-03" }], null);
    expect(result.status).toBe(401);
  });
});
