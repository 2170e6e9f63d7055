import { errorText, log } from "../src/log";
import { RETRAIN_INTERVAL_DAYS } from "../src/model/schedule";
import { RETRY_INCOMPLETE_AFTER_DAYS } from "./limits";
import { TrainingMessageSchema, type TrainMessage } from "./messages";
import { handlePlan, lastFinishedJob, updateJob } from "./runs";
import { trainLocation, type SeriesOutcome } from "./train-location";

const DAY_MS = 86_400_000;
/** Retry delays grow with the attempt (10 s, 40 s, 90 s by default), capped. */
const RETRY_MAX_SECONDS = 300;

/**
 * Reports whether a location needs training now: never trained, trained
 * more than a retrain interval ago, or left incomplete (insufficient history
 * or a failure) more than a day ago.
 */
async function isDue(env: Env, locationId: string, now: number): Promise<boolean> {
  const last = await lastFinishedJob(env.DB, locationId);
  if (!last) return true;
  const outcomes = (last.outcome as SeriesOutcome[] | null) ?? [];
  const complete = outcomes.length > 0 && outcomes.every((o) => o.status === "promoted" || o.status === "rejected");
  const waitDays = complete ? RETRAIN_INTERVAL_DAYS : RETRY_INCOMPLETE_AFTER_DAYS;
  // Half a day of slack, so a nightly cron at a drifting time still retrains weekly.
  return now - last.updatedAt >= waitDays * DAY_MS - DAY_MS / 2;
}

async function runTrainJob(env: Env, message: TrainMessage, attempts: number, now: number) {
  await updateJob(env.DB, message.runId, message.locationId, { status: "running", attempts, now });
  if (!message.force && !(await isDue(env, message.locationId, now))) {
    await updateJob(env.DB, message.runId, message.locationId, { status: "not_due", outcome: [], now });
    return;
  }
  const faultsEnabled = env.ALLOW_FAULT_INJECTION === "1";
  const outcomes = await trainLocation(env, message, now, faultsEnabled);
  await updateJob(env.DB, message.runId, message.locationId, { status: "done", outcome: outcomes, error: null, now: Date.now() });
}

/**
 * Jobs of one batch run this many at a time: their D1, R2 and object calls
 * overlap, while the fits themselves share the invocation's CPU.
 */
const JOBS_IN_PARALLEL = 4;

/** Consumes the training queue: plan pages and per-location train jobs. */
export async function consumeTraining(batch: MessageBatch, env: Env): Promise<void> {
  // A message delivered twice in one batch runs once; the copy is acked.
  const seen = new Set<string>();
  const pending = batch.messages.filter((message) => {
    const key = JSON.stringify(message.body);
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    message.ack();
    return false;
  });
  const workers = Array.from({ length: Math.min(JOBS_IN_PARALLEL, pending.length) }, async () => {
    for (let message = pending.shift(); message; message = pending.shift()) {
      await consumeOne(message, env);
    }
  });
  await Promise.all(workers);
}

async function consumeOne(message: Message, env: Env): Promise<void> {
  const parsed = TrainingMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    // A malformed message can never succeed; retrying would only delay the DLQ.
    log.error("train:invalid_message", { messageId: message.id, error: parsed.error.message });
    message.ack();
    return;
  }
  const body = parsed.data;
  const now = Date.now();
  try {
    if (body.kind === "plan") {
      const jobs = await handlePlan(env, body, now);
      log.info("train:planned", { runId: body.runId, jobs, cursor: body.cursor ?? null });
    } else {
      await runTrainJob(env, body, message.attempts, now);
    }
    message.ack();
  } catch (error) {
    const baseSeconds = Number(env.TRAINING_RETRY_DELAY_SECONDS ?? "10");
    const delaySeconds = Math.min(RETRY_MAX_SECONDS, baseSeconds * message.attempts ** 2);
    const locationId = body.kind === "train" ? body.locationId : null;
    log.warn("train:retry", { runId: body.runId, locationId, attempt: message.attempts, delaySeconds, error: errorText(error) });
    if (body.kind === "train") {
      await updateJob(env.DB, body.runId, body.locationId, {
        status: "retrying",
        error: errorText(error),
        attempts: message.attempts,
        now,
        // The retry below happens either way; a lost status write only
        // leaves the summary one attempt behind.
      }).catch(() => undefined);
    }
    message.retry({ delaySeconds });
  }
}

/** Records jobs that exhausted their retries, so the run summary shows them. */
export async function consumeTrainingDeadLetters(batch: MessageBatch, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = TrainingMessageSchema.safeParse(message.body);
    if (parsed.success && parsed.data.kind === "train") {
      const { runId, locationId } = parsed.data;
      await updateJob(env.DB, runId, locationId, {
        status: "dead_lettered",
        now: Date.now(),
      });
      log.error("train:dead_lettered", { runId, locationId });
    } else {
      log.error("train:dead_lettered", { messageId: message.id, kind: parsed.success ? parsed.data.kind : "invalid" });
    }
    message.ack();
  }
}
