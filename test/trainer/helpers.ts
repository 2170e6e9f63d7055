import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import type { TrainingMessage } from "../../trainer/messages";
import { api } from "../helpers";

let messageSequence = 0;

/** Delivers training messages straight to the consumer, as the queue would. */
export async function deliverTraining(bodies: TrainingMessage[], attempts = 1) {
  const batch = createMessageBatch(
    "sitewatch-training",
    bodies.map((body) => ({
      id: `m-${++messageSequence}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/** Backfills hourly rows in chunks the API accepts. */
export async function backfillHourly(locationId: string, rows: unknown[]) {
  for (let i = 0; i < rows.length; i += 5000) {
    const result = await api(`/v1/locations/${locationId}/history`, {
      body: { grain: "hour", rows: rows.slice(i, i + 5000) },
    });
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
  }
}

/** Reads the live version of one series from D1. */
export async function liveVersion(locationId: string, metric: string, grain: string) {
  const row = await env.DB.prepare(
    "SELECT version, delivered_at FROM live_models WHERE location_id = ? AND metric = ? AND grain = ?",
  )
    .bind(locationId, metric, grain)
    .first<{ version: number; delivered_at: number | null }>();
  return row ?? undefined;
}
