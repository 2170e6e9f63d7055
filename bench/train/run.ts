/** Starts one training run and waits until every job of it finished. */
import { performance } from "node:perf_hooks";
import type { ApiClient } from "../../scripts/lib/api-client";
import type { RunSummary } from "../../trainer/summary";
import type { TrainingLog } from "./worker-log";

const CRON = "0 3 * * *";
const WAIT_STEP_MS = 1_000;
/**
 * The summary reads every job row of the run, which costs workerd CPU, so
 * it is polled rarely until the job log lines show the run is nearly done.
 */
const SUMMARY_EVERY_MS = 30_000;
/** A run with no finished job for this long is reported as stalled, in ms. */
const STALL_MS = 180_000;

/** A run that finished, timed from its start request. */
export interface FinishedRun {
  runId: string;
  summary: RunSummary;
  /** From the start request to the last `train:job` line seen, in ms. */
  elapsedMs: number;
}

async function startRun(api: ApiClient, trigger: "api" | "cron"): Promise<string> {
  if (trigger === "api") {
    const body = { all: true };
    const started = await api.request<{ runId: string }>("POST", "/v1/training/runs", body);
    return started.runId;
  }
  // wrangler dev --test-scheduled serves this route, which runs the cron handler.
  const response = await fetch(`${api.baseUrl}/__scheduled?cron=${encodeURIComponent(CRON)}`);
  if (!response.ok) {
    throw new Error(`GET /__scheduled returned ${response.status}: ${await response.text()}`);
  }
  const summary = await api.request<RunSummary>("GET", "/v1/training/runs/latest");
  return summary.runId;
}

/**
 * Reads the run's summary, or returns null when the request timed out,
 * because the summary of a large run can outlast the client timeout while
 * the queue is busy. The next poll tries again.
 */
async function pollSummary(api: ApiClient, runId: string): Promise<RunSummary | null> {
  try {
    return await api.request<RunSummary>("GET", `/v1/training/runs/${runId}`);
  } catch (error) {
    if ((error as Error).name !== "TimeoutError") throw error;
    console.error(`bench:train: summary of ${runId} timed out; polling again`);
    return null;
  }
}

function finishedJobs(summary: RunSummary): number {
  const l = summary.locations;
  const deadLettered = summary.failures.filter((f) => f.status === "dead_lettered").length;
  return l.promoted + l.rejected + l.insufficient + l.notDue + deadLettered;
}

/**
 * Starts a run over every registered location and polls until `expected`
 * jobs are finished or `timeoutMs` has passed, then throws.
 */
export async function runToCompletion(
  api: ApiClient,
  log: TrainingLog,
  options: {
    trigger: "api" | "cron";
    expected: number;
    timeoutMs: number;
    onProgress: (done: number) => void;
  },
): Promise<FinishedRun> {
  const startedMs = performance.now();
  const runId = await startRun(api, options.trigger);
  let polledMs = startedMs;
  let progressMs = startedMs;
  let seenJobs = 0;
  let last: RunSummary | undefined;
  while (performance.now() - startedMs < options.timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    options.onProgress(log.jobs.length);
    if (log.jobs.length > seenJobs) {
      seenJobs = log.jobs.length;
      progressMs = performance.now();
    } else if (performance.now() - progressMs > STALL_MS) {
      throw new Error(
        `run ${runId} stalled: no job finished for ${STALL_MS / 1000} s after ` +
          `${seenJobs} jobs. Last output of wrangler:\n${log.otherLines.join("\n")}`,
      );
    }
    const nearlyDone = log.jobs.length >= options.expected;
    if (!nearlyDone && performance.now() - polledMs < SUMMARY_EVERY_MS) continue;
    polledMs = performance.now();
    last = (await pollSummary(api, runId)) ?? last;
    if (!last) continue;
    if (last.jobs >= options.expected && finishedJobs(last) >= options.expected) {
      const lastSeenMs = log.jobs.reduce((latest, job) => Math.max(latest, job.seenAtMs), startedMs);
      return { runId, summary: last, elapsedMs: lastSeenMs - startedMs };
    }
  }
  const finished = last ? finishedJobs(last) : 0;
  throw new Error(
    `run ${runId} timed out after ${options.timeoutMs / 60_000} minutes with ` +
      `${finished} of ${options.expected} jobs finished; raise --timeout-minutes`,
  );
}
