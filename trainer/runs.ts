import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { locations, trainingJobs, trainingRuns } from "../src/db/schema";
import { PLAN_PAGE_SIZE, SEND_BATCH_SIZE } from "./limits";
import type { PlanMessage, TrainMessage, TrainingMessage } from "./messages";

/** Selection of the locations a run trains. */
export interface RunSelector {
  locationIds?: string[];
  region?: string;
  all?: boolean;
}

/** D1 binds at most 100 parameters; a job row binds 5. */
const JOBS_PER_INSERT = 18;

async function sendAll(queue: Queue, messages: TrainingMessage[]) {
  for (let i = 0; i < messages.length; i += SEND_BATCH_SIZE) {
    await queue.sendBatch(messages.slice(i, i + SEND_BATCH_SIZE).map((body) => ({ body })));
  }
}

async function insertJobs(db: D1Database, runId: string, locationIds: string[], now: number) {
  const orm = drizzle(db);
  const statements = [];
  for (let i = 0; i < locationIds.length; i += JOBS_PER_INSERT) {
    const rows = locationIds
      .slice(i, i + JOBS_PER_INSERT)
      .map((locationId) => ({ runId, locationId, status: "queued", attempts: 0, updatedAt: now }));
    statements.push(orm.insert(trainingJobs).values(rows).onConflictDoNothing());
  }
  statements.push(
    orm
      .update(trainingRuns)
      .set({ jobCount: sql`${trainingRuns.jobCount} + ${locationIds.length}` })
      .where(eq(trainingRuns.id, runId)),
  );
  await orm.batch(statements as [(typeof statements)[0], ...typeof statements]);
}

/**
 * Creates a run and starts its fan-out. A list of locations is enqueued at
 * once, while a region or the whole fleet is paged through by plan messages.
 */
export async function startRun(
  env: Env,
  options: { trigger: "cron" | "manual"; selector: RunSelector; requestedBy: string; force: boolean; now: number },
): Promise<string> {
  const runId = `run_${new Date(options.now).toISOString().replace(/[-:.]/g, "").slice(0, 15)}_${crypto.randomUUID().slice(0, 8)}`;
  await drizzle(env.DB).insert(trainingRuns).values({
    id: runId,
    trigger: options.trigger,
    selector: options.selector,
    jobCount: 0,
    createdAt: options.now,
    requestedBy: options.requestedBy,
  });
  const ids = options.selector.locationIds;
  if (ids && ids.length > 0) {
    await insertJobs(env.DB, runId, ids, options.now);
    await sendAll(
      env.TRAINING_QUEUE,
      ids.map((locationId): TrainMessage => ({ kind: "train", runId, locationId, force: options.force })),
    );
  } else {
    const plan: PlanMessage = { kind: "plan", runId, region: options.selector.region, force: options.force };
    await env.TRAINING_QUEUE.send(plan);
  }
  return runId;
}

/** Enqueues the jobs of one page of locations and the plan of the next. */
export async function handlePlan(env: Env, message: PlanMessage, now: number): Promise<number> {
  const conditions = [];
  if (message.region) conditions.push(eq(locations.region, message.region));
  if (message.cursor) conditions.push(gt(locations.id, message.cursor));
  const page = await drizzle(env.DB)
    .select({ id: locations.id })
    .from(locations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(locations.id))
    .limit(PLAN_PAGE_SIZE);
  const ids = page.map((row) => row.id);
  if (ids.length === 0) return 0;
  await insertJobs(env.DB, message.runId, ids, now);
  await sendAll(
    env.TRAINING_QUEUE,
    ids.map((locationId): TrainMessage => ({ kind: "train", runId: message.runId, locationId, force: message.force })),
  );
  if (ids.length === PLAN_PAGE_SIZE) {
    await env.TRAINING_QUEUE.send({ ...message, cursor: ids[ids.length - 1] });
  }
  return ids.length;
}

/** Updates one job's row. */
export async function updateJob(
  db: D1Database,
  runId: string,
  locationId: string,
  change: { status: string; outcome?: unknown; error?: string | null; attempts?: number; now: number },
) {
  await drizzle(db)
    .update(trainingJobs)
    .set({
      status: change.status,
      ...(change.outcome === undefined ? {} : { outcome: change.outcome }),
      ...(change.error === undefined ? {} : { error: change.error }),
      ...(change.attempts === undefined ? {} : { attempts: change.attempts }),
      updatedAt: change.now,
    })
    .where(and(eq(trainingJobs.runId, runId), eq(trainingJobs.locationId, locationId)));
}

/** Returns the latest finished job of a location, to decide if it is due. */
export async function lastFinishedJob(db: D1Database, locationId: string) {
  const rows = await drizzle(db)
    .select()
    .from(trainingJobs)
    .where(and(eq(trainingJobs.locationId, locationId), eq(trainingJobs.status, "done")))
    .orderBy(desc(trainingJobs.updatedAt))
    .limit(1);
  return rows[0];
}
