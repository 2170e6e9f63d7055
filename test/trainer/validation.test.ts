import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { predict } from "../../src/model";
import { ModelArtifactSchema } from "../../src/model";
import { currentHour, hourlyHistory, hourlyRate } from "../fixtures/history";
import { api, location, register } from "../helpers";
import { backfillHourly, deliverTraining, liveVersion } from "./helpers";

const DAY = 86_400_000;

async function train(id: string, runId: string) {
  await env.DB.prepare("INSERT INTO training_runs VALUES (?, 'manual', NULL, 1, 0, 'test')").bind(runId).run();
  await deliverTraining([{ kind: "train", runId, locationId: id, force: true }]);
}

async function setClock(id: string, watermarkMs: number) {
  const result = await api(`/v1/locations/${id}/clock`, { body: { watermark: new Date(watermarkMs).toISOString() } });
  if (result.status !== 200) throw new Error(JSON.stringify(result.body));
}

/**
 * Moves each hour's counts of days [fromDay, toDay) `hours` earlier, as an
 * export with a wrong clock would.
 */
function shiftedHours<T extends { start: string }>(rows: T[], startMs: number, fromDay: number, toDay: number, hours: number): T[] {
  const byStart = new Map(rows.map((row) => [Date.parse(row.start), row]));
  return rows.map((row) => {
    const t = Date.parse(row.start);
    const day = Math.floor((t - startMs) / DAY);
    if (day < fromDay || day >= toDay) return row;
    const source = byStart.get(t + hours * 3_600_000);
    return source ? { ...source, start: row.start } : row;
  });
}

async function liveArtifact(id: string, metric: string, grain: string) {
  const live = await liveVersion(id, metric, grain);
  const object = await env.MODELS.get(`models/${id}/${metric}/${grain}/v${live!.version}.json`);
  return ModelArtifactSchema.parse(await object!.json());
}

describe("holdout validation", () => {
  it("rejects a worse candidate and keeps the live model", async () => {
    const id = "tv-worse";
    const end = currentHour();
    await register(location(id, { timezone: "UTC", currency: "GBP" }));
    await backfillHourly(id, hourlyHistory(end, 90, { level: 25, seed: 21 }));
    await train(id, "run-w1");
    expect((await liveVersion(id, "transactions", "hour"))?.version).toBe(1);

    // Rewrite history: the five weeks before the holdout were exported six
    // hours early (a clock bug), so a refit learns the wrong time of day.
    await backfillHourly(id, shiftedHours(hourlyHistory(end, 90, { level: 25, seed: 22 }), end - 90 * DAY, 27, 62, 6));
    await train(id, "run-w2");

    const models = (await api(`/v1/locations/${id}/models`)).body;
    const v2 = models.versions.find((v: any) => v.metric === "transactions" && v.grain === "hour" && v.version === 2);
    expect(v2.status).toBe("rejected");
    expect(v2.holdout.baselineVersion).toBe(1);
    expect(v2.holdout.candidate.meanLogLoss).toBeGreaterThan(v2.holdout.baseline.meanLogLoss);
    expect((await liveVersion(id, "transactions", "hour"))?.version).toBe(1);
  });

  it("says when history is too short to compare", async () => {
    const id = "tv-short";
    const end = currentHour();
    await register(location(id, { timezone: "UTC", currency: "GBP" }));
    await backfillHourly(id, hourlyHistory(end, 40, { level: 25, seed: 25 }));
    await train(id, "run-t1");
    await train(id, "run-t2");

    const models = (await api(`/v1/locations/${id}/models`)).body;
    const v2 = models.versions.find((v: any) => v.metric === "transactions" && v.grain === "hour" && v.version === 2);
    expect(v2.status).toBe("live");
    expect(v2.statusReason).toMatch(/too short/);
    expect(v2.holdout.candidate).toBeNull();
    expect(v2.holdout.baselineVersion).toBeNull();
  });

  it("compares with a version that predates the holdout", async () => {
    const id = "tv-baseline";
    const end = currentHour();
    await register(location(id, { timezone: "UTC", currency: "GBP" }));
    await backfillHourly(id, hourlyHistory(end, 100, { level: 25, seed: 24 }));
    await setClock(id, end - 40 * DAY);
    await train(id, "run-b1");
    await setClock(id, end);
    await train(id, "run-b2");

    const models = (await api(`/v1/locations/${id}/models`)).body;
    const v2 = models.versions.find((v: any) => v.metric === "transactions" && v.grain === "hour" && v.version === 2);
    // Version 1 was trained 40 days back, before the 28-day holdout began,
    // so it forecast the holdout as blind as the candidate did.
    expect(v2.holdout.baselineVersion).toBe(1);
    expect(v2.status).toBe("live");
  });

  it("absorbs a renovation that reopens busier", async () => {
    const id = "tv-shift";
    const end = currentHour();
    await register(location(id, { timezone: "UTC", currency: "GBP" }));
    const days = 100;
    // Closed for two weeks, then open at 1.4x for the last ten days.
    const factorOf = (day: number) => (day < days - 24 ? 1 : day < days - 10 ? 0 : 1.4);
    const rows = hourlyHistory(end, days, { level: 20, seed: 23, factorOf }).map((row) => {
      const day = Math.floor((Date.parse(row.start) - (end - days * DAY)) / DAY);
      return day >= days - 24 && day < days - 10 ? { ...row, open: false } : row;
    });
    await backfillHourly(id, rows);
    await train(id, "run-s1");

    const model = await liveArtifact(id, "transactions", "hour");
    const nextWeek = Array.from({ length: 7 * 24 }, (_, i) => end + i * 3_600_000);
    const expected = nextWeek.reduce((sum, t) => sum + predict(model, t, { open: null }).mean, 0);
    const newLevel = nextWeek.reduce((sum, t) => sum + hourlyRate(t, 20) * 1.4, 0);
    expect(expected / newLevel).toBeGreaterThan(0.85);
    expect(expected / newLevel).toBeLessThan(1.15);
  });
});
