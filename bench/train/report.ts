/**
 * Tables and the docs section of the training benchmark, with the
 * extrapolation to Cloudflare's queue concurrency.
 */
import type { MachineInfo } from "../lib/machine";
import { percentile } from "../lib/closed-loop";
import type { BareFit } from "./bare-fit";
import { extrapolate, type Extrapolation } from "./extrapolate";
import type { FinishedRun } from "./run";
import type { TrainingLog } from "./worker-log";

/** Measurements of one fleet's run. */
export interface FleetResult {
  locations: number;
  /** Locations that got history. The others have none. */
  backfilled: number;
  historyDays: number;
  /** Registration and backfill, in ms. */
  setupMs: number;
  run: FinishedRun;
  log: TrainingLog;
  /** CPU of workerd over the run, in seconds. */
  workerdCpuSeconds: number;
  /** CPU of wrangler's Node process (proxy and log output) over the run. */
  otherCpuSeconds: number;
  loadAverage: { before: number; after: number };
  bare: BareFit;
}

/** Everything one invocation of the benchmark measured. */
export interface TrainReport {
  command: string;
  machine: MachineInfo;
  fleets: FleetResult[];
  /** Bare fit of jobs with the full hourly training window. */
  steady: BareFit;
  finishedAt: Date;
}

/** Figures derived from one fleet's raw measurements. */
export interface FleetFigures {
  jobsPerSecond: number;
  /** Throughput between the 10th and the 90th percentile job, without ramp-up and tail. */
  middleJobsPerSecond: number;
  jobWallP50Ms: number;
  jobWallP90Ms: number;
  batchWallP50Ms: number;
  meanBatchSize: number;
  /** Summed invocation time over run time: consumer invocations overlapping locally. */
  localConcurrency: number;
  workerdCpuMsPerJob: number;
  otherCpuMsPerJob: number;
}

function middleThroughput(seenAtMs: number[]): number {
  const sorted = [...seenAtMs].sort((a, b) => a - b);
  const low = Math.floor(sorted.length * 0.1);
  const high = Math.max(low + 1, Math.floor(sorted.length * 0.9) - 1);
  const spanMs = (sorted[high] ?? 0) - (sorted[low] ?? 0);
  return spanMs > 0 ? ((high - low) * 1000) / spanMs : Number.NaN;
}

/** Derives the reported figures of one fleet. */
export function fleetFigures(fleet: FleetResult): FleetFigures {
  // Jobs without history fit nothing, so only jobs that trained count here.
  const trained = fleet.log.jobs.filter((job) => job.promoted > 0);
  const walls = trained.map((job) => job.durationMs).sort((a, b) => a - b);
  const batches = [...fleet.log.batchDurationsMs].sort((a, b) => a - b);
  const elapsedMs = fleet.run.elapsedMs;
  const batchMessages = fleet.log.batchSizes.reduce((sum, n) => sum + n, 0);
  const batchTimeMs = batches.reduce((sum, ms) => sum + ms, 0);
  return {
    jobsPerSecond: (fleet.locations * 1000) / elapsedMs,
    middleJobsPerSecond: middleThroughput(fleet.log.jobs.map((job) => job.seenAtMs)),
    jobWallP50Ms: percentile(walls, 50),
    jobWallP90Ms: percentile(walls, 90),
    batchWallP50Ms: percentile(batches, 50),
    meanBatchSize: batches.length > 0 ? batchMessages / batches.length : Number.NaN,
    localConcurrency: batchTimeMs / elapsedMs,
    workerdCpuMsPerJob: (fleet.workerdCpuSeconds * 1000) / fleet.locations,
    otherCpuMsPerJob: (fleet.otherCpuSeconds * 1000) / fleet.locations,
  };
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

function grouped(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function fleetRow(fleet: FleetResult): string {
  const f = fleetFigures(fleet);
  // CPU per job of a partly backfilled fleet mixes jobs that fit nothing.
  const complete = fleet.backfilled === fleet.locations;
  const cpuRatio = complete ? `${fixed(f.workerdCpuMsPerJob / fleet.bare.cpuMsPerJob, 1)}x` : "n/a";
  const cells = [
    grouped(fleet.locations),
    fleet.backfilled === fleet.locations ? "all" : grouped(fleet.backfilled),
    String(fleet.historyDays),
    fixed(fleet.run.elapsedMs / 1000, 0),
    fixed(f.jobsPerSecond, 2),
    fixed(f.middleJobsPerSecond, 2),
    fixed(f.jobWallP50Ms, 0),
    fixed(f.jobWallP90Ms, 0),
    fixed(f.workerdCpuMsPerJob, 0),
    fixed(fleet.bare.cpuMsPerJob, 1),
    cpuRatio,
    `${fixed(f.jobWallP50Ms / fleet.bare.wallMsPerJob, 1)}x`,
  ];
  return `| ${cells.join(" | ")} |`;
}

const MAIN_HEADER = [
  "| Locations | With history | History days | Run s | Jobs/s | Jobs/s, middle 80% | Job wall p50 ms | Job wall p90 ms | workerd CPU ms/job (estimate) | Bare fit CPU ms/job | CPU ratio | Wall ratio |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];

function detailRow(fleet: FleetResult): string {
  const f = fleetFigures(fleet);
  const s = fleet.run.summary;
  const cells = [
    grouped(fleet.locations),
    fixed(fleet.setupMs / 1000, 0),
    fixed(f.batchWallP50Ms, 0),
    fixed(f.meanBatchSize, 1),
    fixed(f.localConcurrency, 2),
    fixed(f.otherCpuMsPerJob, 0),
    `${s.locations.promoted} / ${s.locations.insufficient} / ${s.locations.failed}`,
    String(fleet.log.retries),
    `${fixed(fleet.loadAverage.before, 2)} → ${fixed(fleet.loadAverage.after, 2)}`,
  ];
  return `| ${cells.join(" | ")} |`;
}

const DETAIL_HEADER = [
  "| Locations | Setup s | Batch wall p50 ms | Messages/batch | Overlapping batches | wrangler CPU ms/job | Promoted / insufficient / failed | Retries | Load average |",
  "|---:|---:|---:|---:|---:|---:|---|---:|---|",
];

/** Renders the measurement tables as Markdown. */
export function renderTable(report: TrainReport): string {
  return [
    ...MAIN_HEADER,
    ...report.fleets.map(fleetRow),
    "",
    ...DETAIL_HEADER,
    ...report.fleets.map(detailRow),
    "",
    `Bare fit per job with ${report.steady.historyDays} days of hourly history ` +
      `(${report.steady.jobs} jobs): ${fixed(report.steady.cpuMsPerJob, 0)} ms CPU, ` +
      `${fixed(report.steady.wallMsPerJob, 0)} ms wall.`,
  ].join("\n");
}

function decisionsText(bare: BareFit): string {
  return Object.entries(bare.decisions)
    .map(([decision, perJob]) => `${fixed(perJob, 1)} ${decision.replaceAll("_", " ")}`)
    .join(", ");
}

function extrapolationText(x: Extrapolation): string[] {
  const row = (label: string, p: Extrapolation["measured"]) => {
    const cells = [
      label,
      fixed(p.cpuMsPerJob, 0),
      fixed(p.batchCpuSeconds, 1),
      grouped(p.jobsPerSecond),
      fixed(p.fleetSeconds / 60, 1),
      fixed(p.d1Seconds / 3600, 1),
    ];
    return `| ${cells.join(" | ")} |`;
  };
  return [
    row(`Job as measured (${x.historyDays} days)`, x.measured),
    row("Full window (400 days), estimate", x.steady),
  ];
}

/** Renders the Training section of docs/benchmarks.md. */
export function renderSection(report: TrainReport): string {
  // The extrapolation needs the CPU of jobs that train, so it takes the
  // largest fleet in which every location has history.
  const complete = report.fleets.filter((fleet) => fleet.backfilled === fleet.locations);
  const candidates = complete.length > 0 ? complete : report.fleets;
  const largest = candidates.reduce((a, b) => (b.locations > a.locations ? b : a));
  const x = extrapolate(largest, fleetFigures(largest), report.steady);
  const m = report.machine;
  const measuredAt = report.finishedAt.toISOString().slice(0, 16).replace("T", " ");
  return [
    report.fleets.length > 0 ? renderTable(report) : "",
    "",
    ...describeRun(report, largest),
    "",
    "### On Cloudflare",
    "",
    "| Job | CPU ms/job | CPU s per batch of 10 | Jobs/s at 250 consumers | Consumer minutes for 100,000 | D1 hours for 100,000 |",
    "|---|---:|---:|---:|---:|---:|",
    ...extrapolationText(x),
    "",
    ...x.notes,
    "",
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, ` +
      `Node ${m.node}, wrangler ${m.wrangler}. The client, wrangler and workerd ` +
      `share these cores with other work, so single figures are noisy and the ` +
      `ratios matter more. One-minute load average at the start: ` +
      `${fixed(m.loadAverage, 2)}. Measured ${measuredAt} UTC. Bare fit ` +
      `decisions per job: ${decisionsText(largest.bare)}.`,
  ].join("\n");
}

function describeRun(report: TrainReport, largest: FleetResult): string[] {
  return [
    `Reproduce with \`${report.command}\`. For each fleet size the script starts`,
    "the product with `wrangler dev` on 127.0.0.1, from a copy of the sources taken at start",
    "and with fresh local state. It registers simulated stores (`src/simulation`,",
    "no renovations or incidents), backfills their hourly history through",
    "`POST /v1/locations/:id/history`, then starts one run over all locations",
    "and waits until every job is finished. Jobs/s is locations over the time",
    "from the start request to the last `train:job` log line. Job wall is that",
    "line's `durationMs`: the fit loop of one job, from after its history and",
    "registry reads to its last object load, while up to 3 other jobs of the",
    "batch share the isolate's thread. workerd CPU per job is the CPU time of",
    "the workerd processes (`/proc/<pid>/stat`, before and after the run)",
    "divided by the jobs. It is an estimate, because it includes local D1, R2,",
    "the queue broker, the objects and the run summary polls. The bare fit is",
    "`retrain` (the same calls a job makes, at both grains for the 4 modelled",
    `metrics) in Node, on the same history redrawn for ${largest.bare.jobs} of the`,
    "locations, after the run, as the median of 3 passes. The ratios divide",
    "the pipeline figure by it.",
    ...partialFleetText(report),
  ];
}

function partialFleetText(report: TrainReport): string[] {
  const partial = report.fleets.filter((fleet) => fleet.backfilled < fleet.locations);
  if (partial.length === 0) return [];
  return [
    "",
    "Where a row has fewer locations with history than locations, only the first",
    "ones were backfilled, to keep the run short. The others are registered with",
    "no history: their jobs read the object and D1, fit nothing and end as",
    "insufficient history, so they show the cost of the queue and the registry",
    "per job at that fleet size. Job wall and the wall ratio count only the",
    "jobs that trained. CPU per job mixes both kinds of job, so its ratio is",
    "left out.",
  ];
}
