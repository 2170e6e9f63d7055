/**
 * The command-line options of `npm start` and their checks. Parsing stays
 * in scripts/start.ts, because node:util parseArgs is not implemented in
 * workerd, where the tests of this module run.
 */
import { MAX_HISTORY_ROWS } from "../../src/ingest/limits";

/**
 * Store names end in the last four digits of the id (`store-0001` is
 * "supermarket 0001"), so a larger fleet would repeat names.
 */
const MAX_STORES = 9_999;
/** The 28 days an hourly model needs (src/model/schedule.ts), with two to spare. */
const MIN_BACKFILL_DAYS = 30;
/**
 * The backfill sends each store's history in one request of at most
 * MAX_HISTORY_ROWS hourly rows, and a local day has at most 25 hours.
 */
const MAX_BACKFILL_DAYS = Math.floor(MAX_HISTORY_ROWS / 25);
/** Node's setTimeout fires after 1 ms when the delay is above 2^31 - 1 ms. */
const MAX_TIMEOUT_MINUTES = Math.floor((2 ** 31 - 1) / 60_000);
const MAX_PORT = 65_535;

/** Option definitions for node:util parseArgs. */
export const START_ARGS = {
  stores: { type: "string", default: "1000" },
  "history-days": { type: "string", default: "32" },
  port: { type: "string", default: "8787" },
  "receiver-port": { type: "string", default: "8788" },
  "keep-state": { type: "boolean", default: false },
  smoke: { type: "boolean", default: false },
  "timeout-minutes": { type: "string", default: "10" },
  help: { type: "boolean", default: false },
} as const;

export const START_USAGE = `npm start -- [options]
  --stores N            simulated stores, 1 to ${MAX_STORES} (default 1000)
  --history-days N      days of hourly history to backfill, ${MIN_BACKFILL_DAYS} to ${MAX_BACKFILL_DAYS} (default 32)
  --port N              Worker port on 127.0.0.1 (default 8787)
  --receiver-port N     webhook receiver port on 127.0.0.1 (default 8788)
  --keep-state          keep .sitewatch/state from the previous run
  --smoke               exit 0 at the first alert received, 1 after --timeout-minutes
  --timeout-minutes N   smoke-test limit in minutes, 1 to ${MAX_TIMEOUT_MINUTES} (default 10)`;

/** The values parseArgs returns for START_ARGS, before any check. */
export interface RawStartOptions {
  stores: string;
  "history-days": string;
  port: string;
  "receiver-port": string;
  "keep-state": boolean;
  smoke: boolean;
  "timeout-minutes": string;
  help: boolean;
}

/** The checked settings of one `npm start` run. */
export interface StartOptions {
  stores: number;
  historyDays: number;
  port: number;
  receiverPort: number;
  keepState: boolean;
  smoke: boolean;
  timeoutMinutes: number;
  help: boolean;
}

/** An option value outside what `npm start` accepts. */
export class StartOptionError extends Error {
  override name = "StartOptionError";
}

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    throw new StartOptionError(`invalid --${name} ${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** Checks the parsed option values and throws StartOptionError on the first invalid one. */
export function checkStartOptions(raw: RawStartOptions): StartOptions {
  const options: StartOptions = {
    stores: integer("stores", raw.stores, 1, MAX_STORES),
    historyDays: integer("history-days", raw["history-days"], MIN_BACKFILL_DAYS, MAX_BACKFILL_DAYS),
    port: integer("port", raw.port, 1, MAX_PORT),
    receiverPort: integer("receiver-port", raw["receiver-port"], 1, MAX_PORT),
    keepState: raw["keep-state"],
    smoke: raw.smoke,
    timeoutMinutes: integer("timeout-minutes", raw["timeout-minutes"], 1, MAX_TIMEOUT_MINUTES),
    help: raw.help,
  };
  if (options.port === options.receiverPort) {
    throw new StartOptionError(`invalid --port and --receiver-port: both are ${options.port}, expected two different ports`);
  }
  return options;
}
