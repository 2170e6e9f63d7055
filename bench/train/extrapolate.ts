/**
 * Extrapolates a local run to the training queue on Cloudflare. The
 * platform numbers come from the Queues limits page
 * (developers.cloudflare.com/queues/platform/limits/). The latencies and
 * the D1 statement time are assumptions, named here so they can be changed.
 */
import type { BareFit } from "./bare-fit";
import type { FleetFigures, FleetResult } from "./report";

/** Concurrent consumer invocations of one queue, the platform maximum. */
const MAX_CONSUMER_CONCURRENCY = 250;
/** Per-queue message throughput limit, messages per second. */
const MAX_QUEUE_MESSAGES_PER_SECOND = 5_000;
/** Default CPU limit of one invocation, in ms. It can be raised to 5 minutes. */
const DEFAULT_CPU_LIMIT_MS = 30_000;
/** `max_batch_size` of the training consumer in wrangler.toml. */
const BATCH_SIZE = 10;
/** Jobs of one batch that run side by side (`JOBS_IN_PARALLEL` in trainer/consumer.ts). */
const JOBS_IN_PARALLEL = 4;
/** Assumed round trip of one D1, R2 or object call from a consumer, in ms. */
const ROUND_TRIP_MS = 10;
/** Assumed time D1 spends on one statement; one database runs them in turn. */
const D1_STATEMENT_MS = 1;
const FLEET = 100_000;
/** Assumed window for the nightly run, in hours. */
const NIGHT_HOURS = 6;

/**
 * Counts the calls and D1 statements of one job from trainer/. Each job
 * makes 6 calls of one statement each: the job status twice, undelivered
 * pointers and 3 snapshot reads. Each promoted series adds an R2 put, an
 * object load and 2 D1 calls with 6 statements. A retrain of a live
 * series adds 1 D1 read and 1 R2 read.
 */
function jobIo(promotedSeries: number, liveSeries: number) {
  return {
    roundTrips: 6 + 4 * promotedSeries + 2 * liveSeries,
    d1Statements: 6 + 6 * promotedSeries + liveSeries,
  };
}

/** One job shape carried to Cloudflare. */
export interface Projection {
  cpuMsPerJob: number;
  batchCpuSeconds: number;
  jobsPerSecond: number;
  /** Seconds for the whole fleet at that rate. */
  fleetSeconds: number;
  /** Seconds D1 needs for the fleet's statements, run one at a time. */
  d1Seconds: number;
}

/** The measured job and the full-window estimate, with the assumptions stated. */
export interface Extrapolation {
  historyDays: number;
  measured: Projection;
  steady: Projection;
  notes: string[];
}

function project(cpuMsPerJob: number, io: ReturnType<typeof jobIo>): Projection {
  const batchCpuMs = BATCH_SIZE * cpuMsPerJob;
  // CPU and waits are added, not overlapped, which makes the rate a lower bound.
  const batchIoMs = (BATCH_SIZE * io.roundTrips * ROUND_TRIP_MS) / JOBS_IN_PARALLEL;
  const perConsumer = (BATCH_SIZE * 1000) / (batchCpuMs + batchIoMs);
  const jobsPerSecond = Math.min(
    MAX_CONSUMER_CONCURRENCY * perConsumer,
    MAX_QUEUE_MESSAGES_PER_SECOND,
  );
  return {
    cpuMsPerJob,
    batchCpuSeconds: batchCpuMs / 1000,
    jobsPerSecond,
    fleetSeconds: FLEET / jobsPerSecond,
    d1Seconds: (FLEET * io.d1Statements * D1_STATEMENT_MS) / 1000,
  };
}

/**
 * Carries the largest fleet's CPU per job to Cloudflare, as measured and
 * with the bare fit of the full 400-day window swapped in for the bare fit
 * of the measured history.
 */
export function extrapolate(
  fleet: FleetResult,
  figures: FleetFigures,
  steadyFit: BareFit,
): Extrapolation {
  const promoted = fleet.bare.decisions.promoted ?? 0;
  const measured = project(figures.workerdCpuMsPerJob, jobIo(promoted, 0));
  const steadyCpu = figures.workerdCpuMsPerJob - fleet.bare.cpuMsPerJob + steadyFit.cpuMsPerJob;
  const steadySeries = (steadyFit.decisions.promoted ?? 0) + (steadyFit.decisions.kept_live ?? 0);
  const steady = project(steadyCpu, jobIo(steadySeries, steadySeries));
  const worst = Math.max(steady.fleetSeconds, steady.d1Seconds);
  const fits = worst <= NIGHT_HOURS * 3600;
  const notes = [
    `Assumptions: the consumer scales to the platform maximum of ${MAX_CONSUMER_CONCURRENCY} ` +
      "concurrent invocations, and the Queues limits also cap a queue at " +
      `${MAX_QUEUE_MESSAGES_PER_SECOND.toLocaleString("en-US")} messages/s. Each invocation takes ` +
      `a batch of ${BATCH_SIZE} and runs ${JOBS_IN_PARALLEL} jobs side by side, and a job costs ` +
      "the CPU measured here. That CPU includes local D1, R2 and the queue broker, so it " +
      `overstates the Worker's own. Every D1, R2 or object call is assumed to take ` +
      `${ROUND_TRIP_MS} ms, and CPU and waits are added, so the rates are lower bounds. ` +
      "The full-window row swaps the bare fit of the measured history for the bare " +
      `retrain of 400 days against a live model (${fixed(steadyFit.cpuMsPerJob)} ms) and ` +
      "keeps the rest of the job. The larger history read and the live artifact " +
      "reads are not in it, so it is an estimate.",
    "",
    `A batch of ${BATCH_SIZE} full-window jobs needs about ${fixed(steady.batchCpuSeconds)} s ` +
      `of CPU, against the default limit of ${DEFAULT_CPU_LIMIT_MS / 1000} s per invocation. ` +
      "The D1 database is the tighter bound: a full-window job makes about " +
      `${jobIo(steadySeries, steadySeries).d1Statements} statements, so 100,000 jobs ` +
      `take about ${fixed(steady.d1Seconds / 3600)} hours of D1 time if each statement ` +
      `takes ${D1_STATEMENT_MS} ms and the database runs them one at a time. ` +
      `Against a night of ${NIGHT_HOURS} hours, 100,000 locations ` +
      (fits ? "fit: " : "do not fit: ") +
      `the consumers need about ${fixed(steady.fleetSeconds / 60)} minutes and D1 ` +
      `about ${fixed(steady.d1Seconds / 3600)} hours.`,
  ];
  return { historyDays: fleet.historyDays, measured, steady, notes };
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : "n/a";
}
