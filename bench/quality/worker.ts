/** Worker thread of the quality benchmark: scores the stores it is sent. */
import { parentPort, workerData } from "node:worker_threads";
import { loadRossmann, runRossmannStore } from "./rossmann";
import { runSyntheticStore, type SyntheticOptions } from "./synthetic";
import type { EvalSeries } from "./evaluate";

/** A job for one worker. */
export type Job =
  | { set: "synthetic"; options: SyntheticOptions; indexes: number[] }
  | { set: "rossmann"; path: string; seed: number; stores: number[] };

/** Keeps only the evaluated buckets, which is all the parent needs. */
function trim(series: EvalSeries): EvalSeries {
  const from = series.startMs.findIndex((t) => t >= series.fromMs);
  return { ...series, startMs: series.startMs.slice(from), isAnomaly: series.isAnomaly.slice(from) };
}

function run(job: Job) {
  if (job.set === "synthetic") {
    return job.indexes.map((i) => {
      const result = runSyntheticStore(job.options, i);
      const series = Object.fromEntries(Object.entries(result.series).map(([k, s]) => [k, trim(s)]));
      parentPort!.postMessage({ type: "progress" });
      return { ...result, series };
    });
  }
  return loadRossmann(job.path, new Set(job.stores)).map((store) => {
    const result = runRossmannStore(store, job.seed);
    const series = Object.fromEntries(Object.entries(result.series).map(([k, s]) => [k, trim(s)]));
    parentPort!.postMessage({ type: "progress" });
    return { ...result, series };
  });
}

parentPort!.postMessage({ type: "done", results: run(workerData as Job) });
