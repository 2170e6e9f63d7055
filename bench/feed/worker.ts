/** Worker thread of the feed benchmark: runs the stores it is sent. */
import { parentPort, workerData } from "node:worker_threads";
import { createFleet } from "../../src/simulation";
import { fleetOptions } from "./fleet";
import { runFeedStore, type FeedOptions } from "./store";

/** A job for one worker: the fleet's options and which stores to run. */
export interface FeedJob {
  options: FeedOptions;
  indexes: number[];
}

function run(job: FeedJob) {
  const fleet = createFleet(fleetOptions(job.options));
  return job.indexes.map((i) => {
    const result = runFeedStore(fleet[i], job.options);
    parentPort!.postMessage({ type: "progress" });
    return result;
  });
}

parentPort!.postMessage({ type: "done", results: run(workerData as FeedJob) });
