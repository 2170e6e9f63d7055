import { describe, expect, it } from "vitest";
import { api, location, register, sale } from "../helpers";
import { issueAt } from "./issues";

async function registerOne(overrides: Record<string, unknown>, id = "lv-store") {
  return api("/v1/locations", { body: [location(id, overrides)] });
}

describe("location registration checks", () => {
  it("unknown weekday key names the accepted keys", async () => {
    const result = await registerOne({ openingHours: { monday: [["09:00", "17:00"]] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "openingHours.monday", 0);
    expect(issue.problem).toBe('unknown field "monday"');
    expect(issue.fix).toContain("rename it to mon");
    expect(issue.fix).toContain("mon, tue, wed, thu, fri, sat, sun");
  });

  it("hours closed on every day are rejected", async () => {
    const result = await registerOne({ openingHours: {} });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "openingHours", 0);
    expect(issue.problem).toContain("closed all week");
    expect(issue.fix).toContain("leave openingHours out");
  });

  it("overlapping intervals are rejected", async () => {
    const result = await registerOne({ openingHours: { mon: [["09:00", "13:00"], ["12:00", "17:00"]] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "openingHours.mon.1", 0);
    expect(issue.problem).toBe('["12:00", "17:00"] overlaps ["09:00", "13:00"]');
    expect(issue.fix).toContain('["09:00", "17:00"]');
  });

  it("touching intervals are accepted", async () => {
    const result = await registerOne({ openingHours: { mon: [["13:00", "17:00"], ["09:00", "13:00"]] } }, "lv-touch");
    expect(result.status).toBe(200);
  });

  it("overnight interval is accepted", async () => {
    const result = await registerOne({ openingHours: { fri: [["18:00", "02:00"]] } }, "lv-night");
    expect(result.status).toBe(200);
  });

  it("overnight interval overlapping the evening is rejected", async () => {
    const result = await registerOne({ openingHours: { sat: [["12:00", "20:00"], ["19:00", "03:00"]] } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "openingHours.sat.1", 0).problem).toContain("overlaps");
  });

  it("empty interval is rejected", async () => {
    const result = await registerOne({ openingHours: { wed: [["09:00", "09:00"]] } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "openingHours.wed.0", 0).problem).toContain("opens and closes at the same time");
  });

  it("exception hours are checked too", async () => {
    const result = await registerOne({
      exceptions: [{ date: "2026-12-24", hours: [["08:00", "12:00"], ["11:00", "14:00"]] }],
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "exceptions.0.hours.1", 0).problem).toContain("overlaps");
  });

  it("closed exception with hours is rejected", async () => {
    const result = await registerOne({ exceptions: [{ date: "2026-12-24", closed: true, hours: [["08:00", "12:00"]] }] });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "exceptions.0.hours", 0).problem).toContain("closed: true");
  });

  it("repeated exception date is rejected", async () => {
    const result = await registerOne({
      exceptions: [
        { date: "2026-12-24", closed: true },
        { date: "2026-12-24", hours: [["08:00", "12:00"]] },
      ],
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "exceptions.1.date", 0).problem).toContain("repeats item 0");
  });

  it("country unknown to the holiday calendar", async () => {
    const result = await registerOne({ country: "XX" });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "country", 0);
    expect(issue.problem).toContain('"XX"');
    expect(issue.fix).toContain("leave country out");
  });

  it("subdivision unknown to the holiday calendar", async () => {
    const result = await registerOne({ country: "DE", subdivision: "ZZ", timezone: "Europe/Berlin", currency: "EUR" });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "subdivision", 0);
    expect(issue.problem).toContain('"ZZ" is not a subdivision of DE');
    expect(issue.fix).toContain("BY");
  });

  it("known subdivision is accepted", async () => {
    const result = await registerOne(
      { country: "DE", subdivision: "BY", timezone: "Europe/Berlin", currency: "EUR" },
      "lv-bavaria",
    );
    expect(result.status).toBe(200);
  });

  it("subdivision is checked with other problems", async () => {
    const result = await registerOne({ timezone: "Mars/Olympus", country: "US", subdivision: "ZZ" });
    expect(result.status).toBe(400);
    issueAt(result.body, "timezone", 0);
    issueAt(result.body, "subdivision", 0);
  });

  it("holiday closing without a country", async () => {
    const result = await registerOne({ country: undefined, closedOnPublicHolidays: true });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "closedOnPublicHolidays", 0).fix).toContain("add country");
  });

  it("currency change of a location with sales is a conflict", async () => {
    await register(location("lv-money", { currency: "EUR", timezone: "Europe/Berlin", country: "DE" }));
    const event = sale("lv-money", Date.now() - 60_000, { currency: "EUR", amount: "10.00" });
    expect((await api("/v1/events", { body: { events: [event] } })).status).toBe(200);

    const changed = await api("/v1/locations", {
      body: [location("lv-money", { currency: "JPY", timezone: "Europe/Berlin", country: "DE" })],
    });
    expect(changed.status).toBe(409);
    const issue = issueAt(changed.body, "currency", 0);
    expect(issue.problem).toContain("already stores amounts in EUR");
    expect(issue.fix).toContain("keep currency EUR");
    const stored = await api("/v1/locations/lv-money");
    expect(stored.body.currency).toBe("EUR");
  });

  it("currency change before any data is accepted", async () => {
    await register(location("lv-fresh", { currency: "EUR" }));
    const changed = await api("/v1/locations", { body: [location("lv-fresh", { currency: "USD" })] });
    expect(changed.status).toBe(200);
    expect((await api("/v1/locations/lv-fresh")).body.currency).toBe("USD");
  });
});
