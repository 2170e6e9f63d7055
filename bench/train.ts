/**
 * Training benchmark: a simulated fleet trained through the training queue
 * on the local runtime, with wall time and CPU per job and fleet
 * throughput, beside the bare fit time of the same jobs in Node measured in
 * the same run. Run with `npm run bench:train -- --help` for the options.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ApiClient } from "../scripts/lib/api-client";
import { startDevServer } from "../scripts/lib/dev-server";
import { removeOnExit } from "../scripts/lib/exit-cleanup";
import { progress as progressBar } from "../scripts/lib/progress";
import { ROOT_DIR } from "../scripts/lib/wrangler-process";
import { writeDocSection } from "./lib/benchmarks-doc";
import { describeMachine } from "./lib/machine";
import { timeBareFits } from "./train/bare-fit";
import { parseTrainFlags, USAGE, type TrainFlags } from "./train/flags";
import { cpuBetween, sampleDescendantCpu } from "./train/process-cpu";
import { renderSection, renderTable, type FleetResult, type TrainReport } from "./train/report";
import { runToCompletion } from "./train/run";
import { TrainingLog } from "./train/worker-log";
import { backfillFleet, buildFleet, registerFleet } from "./train/workload";

/** History of the steady-state bare fit: the hourly training window. */
const STEADY_HISTORY_DAYS = 400;
/** One store of each of the simulation's six archetypes. */
const STEADY_SAMPLE = 6;

function say(message: string): void {
  console.error(`bench:train: ${message}`);
}

/** Picks `count` stores spread evenly over the fleet, so every archetype shows. */
function spreadSample<T>(items: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
}

async function prepareFleet(api: ApiClient, flags: TrainFlags, count: number, nowMs: number) {
  const fleet = buildFleet(count, flags.historyDays, flags.seed, nowMs);
  const started = performance.now();
  await registerFleet(api, fleet);
  const backfilled = fleet.slice(0, flags.backfill ?? fleet.length);
  const bar = progressBar("backfilling history", backfilled.length);
  const options = { historyDays: flags.historyDays, nowMs, concurrency: flags.concurrency };
  await backfillFleet(api, backfilled, { ...options, onDone: (done) => bar.update(done) });
  bar.finish();
  return { backfilled, setupMs: performance.now() - started };
}

async function measureFleet(
  stateRoot: string,
  flags: TrainFlags,
  count: number,
): Promise<FleetResult> {
  const stateDir = await mkdtemp(join(stateRoot, "bench-train-"));
  removeOnExit(stateDir);
  const log = new TrainingLog();
  const server = await startDevServer({
    persistTo: stateDir,
    frozen: true,
    onOutput: (line) => log.read(line),
  });
  try {
    const api = new ApiClient(server.baseUrl, server.adminToken ?? "");
    const nowMs = Date.now();
    const backfill = Math.min(count, flags.backfill ?? count);
    const days = `${flags.historyDays} days of hourly history`;
    say(`registering ${count} locations, ${backfill} of them with ${days}`);
    const { backfilled, setupMs } = await prepareFleet(api, flags, count, nowMs);

    log.reset();
    const reloadsBefore = log.reloads;
    const loadBefore = loadavg()[0];
    const cpuBefore = sampleDescendantCpu();
    const bar = progressBar("training", count);
    const timeoutMs = flags.timeoutMinutes * 60_000;
    const run = await runToCompletion(api, log, {
      trigger: flags.trigger,
      expected: count,
      timeoutMs,
      onProgress: (done) => bar.update(done),
    });
    bar.finish(log.jobs.length);
    const cpu = cpuBetween(cpuBefore, sampleDescendantCpu());
    if (log.reloads > reloadsBefore) {
      say("warning: wrangler reloaded the Worker during the run; rerun it");
    }

    say(`refitting ${flags.fitSample} of the jobs in Node`);
    const sample = spreadSample(backfilled, flags.fitSample);
    const bare = timeBareFits(sample, flags.historyDays, nowMs, {
      withLive: false,
    });
    return {
      locations: count,
      backfilled: backfilled.length,
      historyDays: flags.historyDays,
      setupMs,
      run,
      log,
      workerdCpuSeconds: cpu.get("workerd") ?? 0,
      otherCpuSeconds: [...cpu]
        .filter(([name]) => name !== "workerd")
        .reduce((sum, [, seconds]) => sum + seconds, 0),
      loadAverage: { before: loadBefore, after: loadavg()[0] },
      bare,
    };
  } finally {
    await server.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

function reproduceCommand(args: string[]): string {
  const extra = args.filter((arg) => arg !== "--skip-docs");
  const command = "npm run bench:train";
  return extra.length > 0 ? `${command} -- ${extra.join(" ")}` : command;
}

async function run(args: string[]): Promise<number> {
  const flags = parseTrainFlags(args);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const machine = describeMachine();
  const stateRoot = join(ROOT_DIR, ".sitewatch");
  await mkdir(stateRoot, { recursive: true });
  const fleets: FleetResult[] = [];
  for (const count of flags.locations) fleets.push(await measureFleet(stateRoot, flags, count));

  const days = `${STEADY_HISTORY_DAYS} days of history`;
  say(`timing the bare retrain of ${STEADY_SAMPLE} jobs with ${days}`);
  const steadyNowMs = Date.now();
  const sample = buildFleet(STEADY_SAMPLE, STEADY_HISTORY_DAYS, flags.seed, steadyNowMs);
  const steady = timeBareFits(sample, STEADY_HISTORY_DAYS, steadyNowMs, { withLive: true });
  const report: TrainReport = {
    command: reproduceCommand(args),
    machine,
    fleets,
    steady,
    finishedAt: new Date(),
  };
  console.log(renderTable(report));
  const failed = fleets.some((fleet) => fleet.run.summary.locations.failed > 0);
  if (failed) say("some jobs failed; see the table");
  if (!flags.skipDocs) {
    await writeDocSection("Training", renderSection(report));
    say("wrote the Training section of docs/benchmarks.md");
  }
  return failed ? 1 : 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
