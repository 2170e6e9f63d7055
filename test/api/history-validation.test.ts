import { describe, expect, it } from "vitest";
import { api, location, register } from "../helpers";
import { issueAt } from "./issues";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function hourStart(ms: number): string {
  return new Date(Math.floor(ms / HOUR) * HOUR).toISOString();
}

async function postRows(id: string, grain: "hour" | "day", rows: unknown[]) {
  return api(`/v1/locations/${id}/history`, { body: { grain, rows } });
}

describe("history backfill checks", () => {
  it("row a year ahead is rejected", async () => {
    await register(location("hv-future", { timezone: "UTC" }));
    const result = await postRows("hv-future", "hour", [{ start: hourStart(Date.now() + 365 * DAY), transactions: 3 }]);
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "start", 0);
    expect(issue.problem).toContain("is in the future");
    expect(issue.fix).toContain("POST /v1/events");
  });

  it("current hour is accepted", async () => {
    await register(location("hv-now", { timezone: "UTC" }));
    const result = await postRows("hv-now", "hour", [{ start: hourStart(Date.now()), transactions: 3 }]);
    expect(result.status).toBe(200);
    expect(result.body.written).toBe(1);
  });

  it("daily row after today is rejected", async () => {
    await register(location("hv-tomorrow", { timezone: "UTC" }));
    const tomorrow = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    const result = await postRows("hv-tomorrow", "day", [{ date: tomorrow, transactions: 3 }]);
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "date", 0).problem).toContain("is in the future");
  });

  it("tender count above transactions", async () => {
    await register(location("hv-tender", { timezone: "UTC" }));
    const result = await postRows("hv-tender", "hour", [
      { start: "2026-01-05T10:00:00Z", transactions: 3, card_transactions: 9 },
    ]);
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "card_transactions", 0);
    expect(issue.problem).toBe("card_transactions is 9 but transactions is 3");
    expect(issue.fix).toContain("add up to at most transactions");
  });

  it("tender counts adding up above transactions", async () => {
    await register(location("hv-sum", { timezone: "UTC" }));
    const result = await postRows("hv-sum", "hour", [
      { start: "2026-01-05T10:00:00Z", transactions: 3, card_transactions: 2, cash_transactions: 2 },
    ]);
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "transactions", 0).problem).toContain("add up to 4");
  });

  it("negative sales are rejected", async () => {
    await register(location("hv-negative", { timezone: "UTC" }));
    const result = await postRows("hv-negative", "hour", [{ start: "2026-01-05T10:00:00Z", sales: "-50.00" }]);
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "sales", 0);
    expect(issue.problem).toBe('"-50.00" is negative');
    expect(issue.fix).toContain("refund_amount");
  });

  it("negative count is rejected", async () => {
    await register(location("hv-count", { timezone: "UTC" }));
    const result = await postRows("hv-count", "day", [{ date: "2026-01-05", transactions: -1 }]);
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "transactions", 0);
    expect(issue.problem).toBe("-1 is less than 0");
    expect(issue.fix).toBe("send 0 or more");
  });

  it("nothing of a rejected request is stored", async () => {
    await register(location("hv-atomic", { timezone: "UTC" }));
    const result = await postRows("hv-atomic", "hour", [
      { start: "2026-01-05T10:00:00Z", transactions: 4 },
      { start: "2026-01-05T11:00:00Z", transactions: 3, card_transactions: 9 },
    ]);
    expect(result.status).toBe(400);
    const series = await api(
      "/v1/locations/hv-atomic/series?metric=transactions&from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z",
    );
    expect(series.body.points).toEqual([]);
  });

  it("unknown grain lists the grains", async () => {
    await register(location("hv-week", { timezone: "UTC" }));
    const result = await api("/v1/locations/hv-week/history", { body: { grain: "week", rows: [{ date: "2026-01-05" }] } });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "grain");
    expect(issue.problem).toBe('"week" is not allowed');
    expect(issue.fix).toBe('use one of "hour", "day"');
  });

  it("rows without a grain", async () => {
    await register(location("hv-nograin", { timezone: "UTC" }));
    const result = await api("/v1/locations/hv-nograin/history", { body: { rows: [{ date: "2026-01-05" }] } });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "grain").fix).toContain('"hour" or "day"');
  });

  it("rows and events together", async () => {
    await register(location("hv-both", { timezone: "UTC" }));
    const result = await api("/v1/locations/hv-both/history", {
      body: { grain: "hour", rows: [{ start: "2026-01-05T10:00:00Z" }], events: [{}] },
    });
    expect(result.status).toBe(400);
    expect(issueAt(result.body, "events").problem).toBe("rows and events are both given");
  });
});
