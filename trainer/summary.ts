import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { trainingJobs, trainingRuns } from "../src/db/schema";
import type { SeriesOutcome } from "./train-location";

/** Counts of what happened to the locations and series of one run. */
export interface RunSummary {
  runId: string;
  trigger: string;
  requestedBy: string;
  createdAt: string;
  jobs: number;
  locations: {
    queued: number;
    running: number;
    promoted: number;
    rejected: number;
    insufficient: number;
    notDue: number;
    failed: number;
  };
  series: Record<SeriesOutcome["status"], number>;
  failures: { locationId: string; status: string; error: string | null; attempts: number }[];
}

function classify(status: string, outcomes: SeriesOutcome[]): keyof RunSummary["locations"] {
  if (status === "queued") return "queued";
  if (status === "running" || status === "retrying") return status === "running" ? "running" : "failed";
  if (status === "dead_lettered") return "failed";
  if (status === "not_due") return "notDue";
  if (outcomes.some((o) => o.status === "promoted")) return "promoted";
  if (outcomes.some((o) => o.status === "rejected")) return "rejected";
  return "insufficient";
}

/** Summarises one run, or returns undefined when it does not exist. */
export async function summarizeRun(db: D1Database, runId: string): Promise<RunSummary | undefined> {
  const orm = drizzle(db);
  const run = (await orm.select().from(trainingRuns).where(eq(trainingRuns.id, runId)))[0];
  if (!run) return undefined;
  const jobs = await orm.select().from(trainingJobs).where(eq(trainingJobs.runId, runId));
  const summary: RunSummary = {
    runId,
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    createdAt: new Date(run.createdAt).toISOString(),
    jobs: run.jobCount,
    locations: { queued: 0, running: 0, promoted: 0, rejected: 0, insufficient: 0, notDue: 0, failed: 0 },
    series: { promoted: 0, rejected: 0, insufficient_history: 0, failed: 0 },
    failures: [],
  };
  for (const job of jobs) {
    const outcomes = (job.outcome as SeriesOutcome[] | null) ?? [];
    summary.locations[classify(job.status, outcomes)] += 1;
    for (const outcome of outcomes) summary.series[outcome.status] += 1;
    if (job.status === "dead_lettered" || job.status === "retrying") {
      summary.failures.push({ locationId: job.locationId, status: job.status, error: job.error, attempts: job.attempts });
    }
  }
  return summary;
}

/** Returns the id of the newest run. */
export async function latestRunId(db: D1Database): Promise<string | undefined> {
  const rows = await drizzle(db)
    .select({ id: trainingRuns.id })
    .from(trainingRuns)
    .orderBy(desc(trainingRuns.createdAt))
    .limit(1);
  return rows[0]?.id;
}
