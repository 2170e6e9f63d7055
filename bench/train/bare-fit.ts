/**
 * The fitting work of one training job without the pipeline: `retrain` on
 * every modelled metric at both grains, in Node, on the history the job
 * reads. It times the same calls `trainer/train-location.ts` makes.
 */
import { performance } from "node:perf_hooks";
import { MODELLED_METRICS, METRIC_KIND, type Grain } from "../../src/domain/metrics";
import { retrain, type ModelArtifact } from "../../src/model";
import type { StoreSpec } from "../../src/simulation";
import { historyRows, seriesPoints, type SeriesPoints } from "./workload";

const GRAINS: Grain[] = ["day", "hour"];
/** Timed passes over the sample; the median pass is reported. */
const ROUNDS = 3;
/** Untimed passes run until this much time has passed, in ms. */
const WARM_UP_MS = 2_000;
const MAX_WARM_UP_PASSES = 20;

/** Time and outcome of the bare fits of a sample of jobs, from the median pass. */
export interface BareFit {
  jobs: number;
  historyDays: number;
  /** Whether each retrain compared its candidate with a live model. */
  withLive: boolean;
  /** Mean wall time of one job's fits, in ms. */
  wallMsPerJob: number;
  /** Mean CPU time of one job's fits (user plus system), in ms. */
  cpuMsPerJob: number;
  /** Series per job by decision, such as `promoted` or `insufficient_history`. */
  decisions: Record<string, number>;
}

/** Live models of one job by `grain:metric`, for a retrain that compares with them. */
type LiveModels = Map<string, ModelArtifact>;

function fitJob(
  spec: StoreSpec,
  points: SeriesPoints,
  live: LiveModels,
  decisions: Record<string, number>,
): LiveModels {
  const fitted: LiveModels = new Map();
  for (const grain of GRAINS) {
    for (const metric of MODELLED_METRICS) {
      const settings = {
        grain,
        kind: METRIC_KIND[metric],
        timeZone: spec.timeZone,
        country: spec.country,
      };
      const key = `${grain}:${metric}`;
      const outcome = retrain(points[grain][metric] ?? [], settings, live.get(key) ?? null);
      decisions[outcome.decision] = (decisions[outcome.decision] ?? 0) + 1;
      if (outcome.decision !== "insufficient_history") fitted.set(key, outcome.model);
    }
  }
  return fitted;
}

/**
 * Times the fits of `sample` jobs with `historyDays` of history ending at
 * `nowMs`. The history is drawn before the clock starts, and the sample
 * runs untimed for about 2 s to warm up the JIT. With `withLive`, each
 * series is first fitted untimed, and the timed retrain compares with that
 * model on the holdout as a weekly retrain does. Without it, each retrain
 * trains a first model.
 */
export function timeBareFits(
  sample: StoreSpec[],
  historyDays: number,
  nowMs: number,
  options: { withLive: boolean },
): BareFit {
  const inputs = sample.map((spec) => {
    const points = seriesPoints(spec, historyRows(spec, historyDays, nowMs));
    const live = options.withLive ? fitJob(spec, points, new Map(), {}) : new Map();
    return { spec, points, live };
  });
  // Untimed passes let V8 optimise the fit code, as it is in a Worker that
  // has run many jobs. After a single pass the next one ran about 3 times
  // faster, so one is not enough.
  const warmUpStarted = performance.now();
  for (let pass = 0; pass < MAX_WARM_UP_PASSES; pass++) {
    for (const { spec, points, live } of inputs) fitJob(spec, points, live, {});
    if (performance.now() - warmUpStarted > WARM_UP_MS) break;
  }

  const decisions: Record<string, number> = {};
  const passes: { wallMs: number; cpuMs: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Decisions are the same in every pass, so the first one counts them.
    const counted = round === 0 ? decisions : {};
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (const { spec, points, live } of inputs) fitJob(spec, points, live, counted);
    const cpu = process.cpuUsage(cpuBefore);
    passes.push({ wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  passes.sort((a, b) => a.cpuMs - b.cpuMs);
  const median = passes[Math.floor(ROUNDS / 2)];

  const perJob = Object.fromEntries(
    Object.entries(decisions).map(([name, n]) => [name, n / inputs.length]),
  );
  return {
    jobs: inputs.length,
    historyDays,
    withLive: options.withLive,
    wallMsPerJob: median.wallMs / inputs.length,
    cpuMsPerJob: median.cpuMs / inputs.length,
    decisions: perJob,
  };
}
