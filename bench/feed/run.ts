/**
 * npm run bench:feed -- [--stores N] [--windows DATE,DATE] [--weeks N]
 *   [--outages N] [--cap-hours N] [--seed N] [--workers N] [--dry-run]
 *
 * Silent-feed detection on the synthetic fleet: the product's silence
 * check at the live alarm's times against a fixed 30-minute rule. Prints
 * the tables and writes them to docs/benchmarks.md unless --dry-run.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { writeDocSection } from "../lib/benchmarks-doc";
import { describeMachine, type MachineInfo } from "../lib/machine";
import { archetypeTable, rateTable } from "./report";
import type { FeedOptions, StoreFeedResult } from "./store";
import type { FeedJob } from "./worker";

function runWorker(job: FeedJob, onProgress: () => void): Promise<StoreFeedResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./worker.ts", import.meta.url), {
      workerData: job,
      execArgv: ["--import", "tsx"],
    });
    worker.on("message", (m: { type: string; results?: StoreFeedResult[] }) => {
      if (m.type === "progress") onProgress();
      else resolve(m.results!);
    });
    worker.on("error", reject);
  });
}

/** Scoring notes, printed under the tables. */
const SCORING = [
  "How it is scored:",
  "",
  "- Fleet: `src/simulation`, stores cycling through the six archetypes, in zones with and",
  "  without DST. Each store is registered as the simulator registers it (`scripts/sim/locations.ts`:",
  "  weekly hours and the public-holiday rule), plus its renovation as declared closed days. The",
  "  Christmas and New Year closures and the early closes on 24 and 31 December of some archetypes",
  "  are not declared, as in the simulator.",
  "- Model: the production fit on 400 days of backfilled hourly history before each window, then",
  "  the production weekly retrain on the hours traded in the window (`src/model` `retrain`).",
  "- Trading: each open hour draws its rate from the store's true rate, day shock and",
  "  overdispersion, then sales arrive minute by minute as a Poisson process. The first day of each",
  "  window is not scored.",
  "- Checks: `silenceVerdict` from `src/detection/feed-silence.ts`, run at the times the location",
  "  object's alarm would: every `checkIntervalMs` (1 to 15 minutes), at each hour close plus 2",
  "  minutes, and after sales that bring the alarm forward.",
  "- Outages: feed cut at uniformly random open minutes and left cut, timed from the cut to the",
  "  first silent check. A miss within the cap counts as infinite in the quantiles. Cuts during",
  "  an open false alert are skipped.",
  "- False alerts: alert openings over normal trading. \"While closed\" means the store was not",
  "  trading when the alert opened: by its declared hours, closures and holidays, or only in fact.",
  "- Baseline: no sale for 30 minutes of declared opening hours, checked every minute; closed",
  "  time does not count towards the 30 minutes.",
];

function readOptions(): { options: FeedOptions; workers: number; dryRun: boolean } {
  const { values } = parseArgs({
    options: {
      stores: { type: "string", default: "36" },
      windows: { type: "string", default: "2024-10-21,2024-12-16" },
      weeks: { type: "string", default: "3" },
      outages: { type: "string", default: "40" },
      "cap-hours": { type: "string", default: "48" },
      seed: { type: "string", default: "1" },
      workers: { type: "string", default: String(Math.min(2, cpus().length)) },
      "dry-run": { type: "boolean", default: false },
    },
  });
  const options: FeedOptions = {
    seed: Number(values.seed),
    stores: Number(values.stores),
    windowStarts: values.windows.split(",").map((d) => d.trim()),
    weeks: Number(values.weeks),
    outagesPerWindow: Number(values.outages),
    capHours: Number(values["cap-hours"]),
  };
  return { options, workers: Math.max(1, Number(values.workers)), dryRun: values["dry-run"] };
}

function section(results: StoreFeedResult[], options: FeedOptions, machine: MachineInfo, workers: number, seconds: number): string {
  const checks = results.reduce((sum, r) => sum + r.checks, 0);
  const flags = `--stores ${options.stores} --windows ${options.windowStarts.join(",")} --weeks ${options.weeks} ` +
    `--outages ${options.outagesPerWindow} --cap-hours ${options.capHours} --seed ${options.seed}`;
  return [
    `Reproduce with \`npm run bench:feed\` (defaults: \`${flags}\`; ${seconds.toFixed(0)} s for the run below). ` +
      "Larger runs: `-- --stores 120 --weeks 6`.",
    "",
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}, ` +
      `${workers} worker threads. One-minute load average before the run: ${machine.loadAverage.toFixed(2)}. ` +
      `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    "",
    archetypeTable(results, options.capHours),
    "",
    "By the true expected rate of the hour the feed was cut in (all archetypes):",
    "",
    rateTable(results, options.capHours),
    "",
    `The model ran ${checks.toLocaleString("en-US")} silence checks over normal trading.`,
    "",
    ...SCORING,
  ].join("\n");
}

async function main(): Promise<void> {
  const { options, workers, dryRun } = readOptions();
  const machine = describeMachine();
  const started = performance.now();
  let done = 0;
  const progress = () => {
    done++;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stderr.write(`bench:feed: ${done}/${options.stores} stores, ${seconds} s\n`);
  };
  const indexes = Array.from({ length: options.stores }, (_, i) => i);
  const parts = Array.from({ length: workers }, (_, w) => indexes.filter((i) => i % workers === w));
  const results = (await Promise.all(parts.map((part) => runWorker({ options, indexes: part }, progress)))).flat();
  const seconds = (performance.now() - started) / 1000;
  const body = section(results, options, machine, workers, seconds);
  process.stdout.write(body + "\n");
  if (!dryRun) await writeDocSection("Integration failures", body);
}

await main();
