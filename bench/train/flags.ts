import { parseArgs } from "node:util";

/** Command-line settings of the training benchmark. */
export interface TrainFlags {
  /** Fleet sizes to measure, one fresh Worker each, in this order. */
  locations: number[];
  historyDays: number;
  /**
   * Locations per fleet that get history; the rest are registered without
   * any, so their jobs end as insufficient history. Null backfills all.
   */
  backfill: number | null;
  /** Backfill requests in flight. */
  concurrency: number;
  seed: number;
  /** Locations per fleet whose jobs are refitted in Node for the bare fit. */
  fitSample: number;
  trigger: "api" | "cron";
  /** Maximum wait for one fleet's run to finish, in minutes. */
  timeoutMinutes: number;
  skipDocs: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench:train -- [options]

Trains a simulated fleet through the training queue on the local runtime
and compares the time per job with the bare fit time in Node.

  --locations LIST    fleet sizes, comma-separated (default 1000)
  --history-days N    days of hourly history per location, 28 to 400 (default 35)
  --backfill N        backfill only the first N locations of each fleet; the
                      others train on no history (default: all)
  --concurrency N     backfill requests in flight (default 6)
  --seed N            seed of the simulated fleet (default 7)
  --fit-sample N      locations per fleet refitted in Node (default 20)
  --trigger KIND      api (POST /v1/training/runs) or cron (default api)
  --timeout-minutes N longest wait for one run to finish (default 60)
  --skip-docs         print the results without updating docs/benchmarks.md
  --help              show this text`;

const OPTIONS = {
  locations: { type: "string", default: "1000" },
  "history-days": { type: "string", default: "35" },
  backfill: { type: "string" },
  concurrency: { type: "string", default: "6" },
  seed: { type: "string", default: "7" },
  "fit-sample": { type: "string", default: "20" },
  trigger: { type: "string", default: "api" },
  "timeout-minutes": { type: "string", default: "60" },
  "skip-docs": { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `invalid --${name} ${JSON.stringify(raw)}: expected an integer ` +
        `from ${min} to ${max}`,
    );
  }
  return value;
}

function parseTrigger(raw: string): "api" | "cron" {
  if (raw === "api" || raw === "cron") return raw;
  throw new Error(`invalid --trigger ${JSON.stringify(raw)}: expected api or cron`);
}

/** Parses and checks the benchmark's flags, and throws on an invalid value. */
export function parseTrainFlags(args: string[]): TrainFlags {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  const sizes = values.locations.split(",").map((raw) => raw.trim());
  return {
    // A bound on one benchmark run, not a limit of the product.
    locations: sizes.map((raw) => integer("locations", raw, 1, 99_999)),
    // 28 days is the shortest hourly history that yields a model.
    historyDays: integer("history-days", values["history-days"], 28, 400),
    backfill:
      values.backfill === undefined
        ? null
        : integer("backfill", values.backfill, 1, 99_999),
    concurrency: integer("concurrency", values.concurrency, 1, 64),
    seed: integer("seed", values.seed, 1, 2 ** 31 - 2),
    fitSample: integer("fit-sample", values["fit-sample"], 1, 1_000),
    trigger: parseTrigger(values.trigger),
    timeoutMinutes: integer("timeout-minutes", values["timeout-minutes"], 1, 600),
    skipDocs: values["skip-docs"],
    help: values.help,
  };
}
