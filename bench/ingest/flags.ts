import { parseArgs } from "node:util";

/** Command-line settings of the ingest benchmark. */
export interface IngestFlags {
  concurrency: number;
  /** Measured seconds per target, summed over all rounds. */
  durationSeconds: number;
  /** Maximum measured batches per target; Infinity for no limit. */
  maxBatches: number;
  warmupSeconds: number;
  rounds: number;
  locations: number;
  batchSize: number;
  skipDocs: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench:ingest -- [options]

Measures POST /v1/events against a no-op Worker on the local runtime.

  --concurrency N   requests in flight per target (default 8)
  --duration S      measured seconds per target, over all rounds (default 20)
  --batches N       stop a target after N measured batches (default: none)
  --warmup S        unmeasured seconds per target before measuring (default 5)
  --rounds N        alternations between the two targets (default 2)
  --locations N     registered locations the events spread over (default 50)
  --batch-size N    events per batch, at most 1000 (default 100)
  --skip-docs       print the results without updating docs/benchmarks.md
  --help            show this text`;

const OPTIONS = {
  concurrency: { type: "string", default: "8" },
  duration: { type: "string", default: "20" },
  batches: { type: "string" },
  warmup: { type: "string", default: "5" },
  rounds: { type: "string", default: "2" },
  locations: { type: "string", default: "50" },
  "batch-size": { type: "string", default: "100" },
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

/** Parses and checks the benchmark's flags; throws on an invalid value. */
export function parseIngestFlags(args: string[]): IngestFlags {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  return {
    concurrency: integer("concurrency", values.concurrency, 1, 256),
    durationSeconds: integer("duration", values.duration, 1, 3_600),
    maxBatches:
      values.batches === undefined
        ? Number.POSITIVE_INFINITY
        : integer("batches", values.batches, 1, 10_000_000),
    warmupSeconds: integer("warmup", values.warmup, 0, 600),
    rounds: integer("rounds", values.rounds, 1, 100),
    // One POST /v1/locations registers at most 1,000 locations, and
    // POST /v1/events takes at most 1,000 events per batch.
    locations: integer("locations", values.locations, 1, 1_000),
    batchSize: integer("batch-size", values["batch-size"], 1, 1_000),
    skipDocs: values["skip-docs"],
    help: values.help,
  };
}
