import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { currentHour, hourlyHistory } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { backfillHourly, deliverTraining, liveVersion } from "./helpers";

const UTC_STORE = { timezone: "UTC", country: "GB", currency: "GBP" };

async function seedStore(id: string, days: number, seed: number, factorOf?: (day: number) => number) {
  await register(location(id, UTC_STORE));
  await backfillHourly(id, hourlyHistory(currentHour(), days, { level: 20, seed, factorOf }));
}

async function modelsOf(id: string) {
  const result = await api(`/v1/locations/${id}/models`);
  return result.body;
}

describe("training pipeline", () => {
  it("cron enqueues jobs that train, store and promote", async () => {
    await seedStore("tr-cron", 70, 1);
    const controller = createScheduledController({ cron: "0 3 * * *", scheduledTime: Date.now() });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);

    await vi.waitUntil(async () => (await liveVersion("tr-cron", "transactions", "hour"))?.delivered_at, {
      timeout: 20_000,
      interval: 250,
    });
    const models = await modelsOf("tr-cron");
    const hourly = models.versions.find((v: any) => v.metric === "transactions" && v.grain === "hour");
    expect(hourly).toMatchObject({ version: 1, status: "live", live: true });
    expect(hourly.r2Key).toBe("models/tr-cron/transactions/hour/v1.json");
    const artifact = await env.MODELS.get(hourly.r2Key);
    expect(artifact).not.toBeNull();

    const state = await api("/v1/locations/tr-cron/state");
    expect(state.body.liveModels).toEqual(
      expect.arrayContaining([{ metric: "transactions", grain: "hour", version: 1 }]),
    );
    const summary = await api("/v1/training/runs/latest");
    expect(summary.body.trigger).toBe("cron");
    expect(summary.body.locations.promoted).toBeGreaterThanOrEqual(1);
  });

  it("short history gets insufficient_history and no model", async () => {
    await seedStore("tr-short", 10, 2);
    const start = await api("/v1/training/runs", { body: { locationIds: ["tr-short"] } });
    await deliverTraining([{ kind: "train", runId: start.body.runId, locationId: "tr-short", force: true }]);
    const summary = await api(`/v1/training/runs/${start.body.runId}`);
    expect(summary.body.locations.insufficient).toBe(1);
    const job = await env.DB.prepare("SELECT outcome FROM training_jobs WHERE location_id = 'tr-short'").first<{ outcome: string }>();
    const outcomes = JSON.parse(job!.outcome);
    expect(outcomes[0]).toMatchObject({ status: "insufficient_history", daysNeeded: expect.any(Number) });
    expect(outcomes[0].daysAvailable).toBeLessThan(outcomes[0].daysNeeded);
    expect((await modelsOf("tr-short")).versions).toEqual([]);
  });

  it("redelivered job creates no second version", async () => {
    await seedStore("tr-dup", 60, 3);
    const message = { kind: "train" as const, runId: "run-dup", locationId: "tr-dup", force: true };
    await env.DB.prepare("INSERT INTO training_runs VALUES ('run-dup', 'manual', NULL, 1, 0, 'test')").run();
    await env.DB.prepare("INSERT INTO training_jobs (run_id, location_id, status, attempts, updated_at) VALUES ('run-dup', 'tr-dup', 'queued', 0, 0)").run();
    await deliverTraining([message, message]);
    await deliverTraining([message], 2);
    const versions = (await modelsOf("tr-dup")).versions.filter((v: any) => v.metric === "sales" && v.grain === "hour");
    expect(versions).toHaveLength(1);
    const events = await env.DB.prepare("SELECT count(*) AS n FROM model_events WHERE location_id = 'tr-dup' AND metric = 'sales' AND grain = 'hour'").first<{ n: number }>();
    expect(events!.n).toBe(1);
  });

  it("promote and rollback switch the live model at once", async () => {
    await seedStore("tr-roll", 60, 4);
    for (const runId of ["run-r1", "run-r2"]) {
      await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')").bind(runId).run();
      await deliverTraining([{ kind: "train", runId, locationId: "tr-roll", force: true }]);
    }
    const live = await liveVersion("tr-roll", "transactions", "hour");
    expect(live?.version).toBe(2);

    const back = await api("/v1/locations/tr-roll/models/transactions/rollback", { body: { grain: "hour", actor: "ops-oncall" } });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ from: 2, to: 1 });
    const state = await api("/v1/locations/tr-roll/state");
    expect(state.body.liveModels).toEqual(
      expect.arrayContaining([{ metric: "transactions", grain: "hour", version: 1 }]),
    );
    const again = await api("/v1/locations/tr-roll/models/transactions/rollback", { body: { grain: "hour" } });
    expect(again.status).toBe(409);

    const forward = await api("/v1/locations/tr-roll/models/transactions/promote", { body: { grain: "hour", version: 2 } });
    expect(forward.status).toBe(200);
    expect((await liveVersion("tr-roll", "transactions", "hour"))?.version).toBe(2);
    const history = (await modelsOf("tr-roll")).history.filter((h: any) => h.metric === "transactions" && h.grain === "hour");
    expect(history.map((h: any) => h.action)).toEqual(["promote", "rollback", "auto_promote", "auto_promote"]);
    expect(history[1].actor).toBe("ops-oncall");

    const missing = await api("/v1/locations/tr-roll/models/transactions/promote", { body: { grain: "hour", version: 99 } });
    expect(missing.status).toBe(404);
  });
});
