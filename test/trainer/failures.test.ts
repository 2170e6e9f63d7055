import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { currentHour, hourlyHistory } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { backfillHourly, deliverTraining, liveVersion } from "./helpers";

async function seedRun(id: string, runId: string, seed: number) {
  await register(location(id, { timezone: "UTC", currency: "GBP" }));
  await backfillHourly(id, hourlyHistory(currentHour(), 60, { level: 15, seed }));
  await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')").bind(runId).run();
  await env.DB.prepare(
    "INSERT INTO training_jobs (run_id, location_id, status, attempts, updated_at) VALUES (?, ?, 'queued', 0, 0)",
  )
    .bind(runId, id)
    .run();
}

async function versionCount(id: string) {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM model_versions WHERE location_id = ?")
    .bind(id)
    .first<{ n: number }>();
  return row!.n;
}

describe("training failures", () => {
  it("crash after the R2 write is repaired by the retry", async () => {
    await seedRun("tf-r2", "run-r2", 11);
    const crash = { kind: "train" as const, runId: "run-r2", locationId: "tf-r2", force: true, faults: ["crash_after_r2" as const] };
    const first = await deliverTraining([crash]);
    expect(first.retryMessages).toHaveLength(1);
    expect(await versionCount("tf-r2")).toBe(0);

    const { faults: _, ...clean } = crash;
    const retry = await deliverTraining([clean], 2);
    expect(retry.explicitAcks).toHaveLength(1);
    const live = await liveVersion("tf-r2", "transactions", "day");
    expect(live).toMatchObject({ version: 1 });
    expect(live!.delivered_at).not.toBeNull();
  });

  it("crash between D1 and the object is repaired by the retry", async () => {
    await seedRun("tf-d1", "run-d1", 12);
    const message = { kind: "train" as const, runId: "run-d1", locationId: "tf-d1", force: true };
    await deliverTraining([{ ...message, faults: ["crash_after_d1"] }]);
    const pending = await liveVersion("tf-d1", "transactions", "day");
    expect(pending?.version).toBe(1);
    expect(pending?.delivered_at).toBeNull();
    const before = await api("/v1/locations/tf-d1/state");
    expect(before.body.liveModels).toEqual([]);

    await deliverTraining([message], 2);
    expect((await liveVersion("tf-d1", "transactions", "day"))?.delivered_at).not.toBeNull();
    const after = await api("/v1/locations/tf-d1/state");
    expect(after.body.liveModels).toEqual(
      expect.arrayContaining([{ metric: "transactions", grain: "day", version: 1 }]),
    );
    const versions = await versionCount("tf-d1");
    const series = await env.DB.prepare(
      "SELECT count(DISTINCT metric || grain) AS n FROM model_versions WHERE location_id = 'tf-d1'",
    ).first<{ n: number }>();
    expect(versions).toBe(series!.n);
  });

  it("job that always throws reaches the dead-letter queue", { timeout: 60_000 }, async () => {
    await register(location("tf-dead", { timezone: "UTC", currency: "GBP" }), location("tf-fine", { timezone: "UTC", currency: "GBP" }));
    await backfillHourly("tf-fine", hourlyHistory(currentHour(), 40, { level: 10, seed: 13 }));
    const started = await api("/v1/training/runs", { body: { locationIds: ["tf-dead", "tf-fine"] } });
    const runId = started.body.runId as string;
    await env.TRAINING_QUEUE.send({ kind: "train", runId, locationId: "tf-dead", force: true, faults: ["throw_before_fit"] });

    await vi.waitUntil(
      async () => (await api(`/v1/training/runs/${runId}`)).body.failures.some((f: { status: string }) => f.status === "dead_lettered"),
      { timeout: 50_000, interval: 500 },
    );
    const summary = (await api(`/v1/training/runs/${runId}`)).body;
    expect(summary.failures[0]).toMatchObject({ locationId: "tf-dead", status: "dead_lettered" });
    expect(summary.failures[0].error).toContain("injected fault");
    expect(summary.locations.failed).toBe(1);
    await vi.waitUntil(async () => (await liveVersion("tf-fine", "transactions", "hour"))?.delivered_at, {
      timeout: 20_000,
      interval: 250,
    });
  });

  it("all-zero series never blocks a retrain", async () => {
    const id = "tf-zero";
    await register(location(id, { timezone: "UTC", currency: "GBP" }));
    const rows = hourlyHistory(currentHour(), 70, { level: 15, seed: 14 }).map((row) => ({
      ...row,
      card_transactions: 0,
      cash_transactions: row.transactions,
    }));
    await backfillHourly(id, rows);
    for (const runId of ["run-z1", "run-z2"]) {
      await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')").bind(runId).run();
      await env.DB.prepare(
        "INSERT INTO training_jobs (run_id, location_id, status, attempts, updated_at) VALUES (?, ?, 'queued', 0, 0)",
      )
        .bind(runId, id)
        .run();
      const result = await deliverTraining([{ kind: "train", runId, locationId: id, force: true }]);
      expect(result.retryMessages).toEqual([]);
      expect(result.explicitAcks).toHaveLength(1);
    }
    expect((await liveVersion(id, "transactions", "day"))?.version).toBeGreaterThanOrEqual(1);
  });
});
