import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { currentHour, hourlyHistory } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { backfillHourly, deliverTraining, liveVersion } from "../trainer/helpers";
import { issueAt } from "./issues";

async function trainTwice(id: string) {
  await register(location(id, { timezone: "UTC", country: "GB", currency: "GBP" }));
  await backfillHourly(id, hourlyHistory(currentHour(), 60, { level: 20, seed: 11 }));
  for (const runId of [`${id}-r1`, `${id}-r2`]) {
    await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')").bind(runId).run();
    await deliverTraining([{ kind: "train", runId, locationId: id, force: true }]);
  }
}

describe("promote and rollback grain", () => {
  it("rollback without grain acts on the hourly model", async () => {
    await trainTwice("mg-roll");
    expect((await liveVersion("mg-roll", "transactions", "hour"))?.version).toBe(2);
    const dailyBefore = await liveVersion("mg-roll", "transactions", "day");

    const back = await api("/v1/locations/mg-roll/models/transactions/rollback", { body: {} });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ grain: "hour", from: 2, to: 1 });
    expect((await liveVersion("mg-roll", "transactions", "hour"))?.version).toBe(1);
    expect((await liveVersion("mg-roll", "transactions", "day"))?.version).toBe(dailyBefore?.version);

    const again = await api("/v1/locations/mg-roll/models/transactions/rollback", { body: {} });
    expect(again.status).toBe(409);
    issueAt(again.body, "version");
  });

  it("promote without grain uses the only live grain", async () => {
    await trainTwice("mg-daily");
    const daily = await liveVersion("mg-daily", "sales", "day");
    expect(daily).toBeDefined();
    await env.DB.prepare("DELETE FROM live_models WHERE location_id = 'mg-daily' AND metric = 'sales' AND grain = 'hour'").run();

    const promoted = await api("/v1/locations/mg-daily/models/sales/promote", { body: { version: 1 } });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ grain: "day", version: 1 });
  });

  it("bad metric is reported as the path parameter", async () => {
    await register(location("mg-metric"));
    const result = await api("/v1/locations/mg-metric/models/revenue/rollback", { body: {} });
    expect(result.status).toBe(400);
    const issue = issueAt(result.body, "metric");
    expect(issue.problem).toBe('"revenue" is not allowed');
    expect(issue.fix).toContain('"transactions"');
    expect(result.body.error.message).toContain("path parameter");
  });

  it("unregistered location is a 404 naming the id", async () => {
    const result = await api("/v1/locations/mg-ghost/models/sales/rollback", { body: {} });
    expect(result.status).toBe(404);
    issueAt(result.body, "id");
  });
});
