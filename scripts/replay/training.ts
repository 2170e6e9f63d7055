import type { ApiClient } from "../lib/api-client";
import { progress } from "../lib/progress";

const POLL_MS = 2_000;
/** Gives up on a run that has not finished in this long. */
const MAX_WAIT_MS = 60 * 60_000;
/** Gives up on a run that has planned no job in this long. */
const MAX_PLAN_WAIT_MS = 5 * 60_000;

/** The counts of `GET /v1/training/runs/:id` the replay reports. */
export interface TrainingFacts {
  runId: string;
  locations: Record<string, number>;
  series: Record<string, number>;
  failures: unknown[];
}

/**
 * Starts a training run of every registered location through the API and
 * waits until `locations` jobs finished, with a progress bar unless `quiet`.
 */
export async function trainAll(api: ApiClient, locations: number, quiet = false): Promise<TrainingFacts> {
  const { runId } = await api.request<{ runId: string }>("POST", "/v1/training/runs", { all: true });
  const bar = quiet ? { update: (_done: number) => {}, finish: () => {} } : progress("training models", locations);
  const started = Date.now();
  const deadline = started + MAX_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const summary = await api.request<TrainingFacts & { jobs: number }>("GET", `/v1/training/runs/${runId}`);
    if (summary.jobs === 0 && Date.now() - started > MAX_PLAN_WAIT_MS) {
      throw new Error(`training run ${runId} planned no job in ${MAX_PLAN_WAIT_MS / 60_000} minutes; the training queue is not being consumed`);
    }
    const l = summary.locations;
    const finished = l.promoted + l.rejected + l.insufficient + l.notDue + l.failed;
    bar.update(finished);
    if (finished >= locations) {
      bar.finish();
      return { runId, locations: l, series: summary.series, failures: summary.failures };
    }
  }
  throw new Error(`training run ${runId} did not finish within ${MAX_WAIT_MS / 60_000} minutes`);
}
