/**
 * Ingest benchmark: throughput and latency of POST /v1/events on the local
 * runtime, beside a no-op Worker measured in the same run. Run with
 * `npm run bench:ingest -- --help` for the options.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { ApiClient } from "../scripts/lib/api-client";
import { startDevServer, type DevServer } from "../scripts/lib/dev-server";
import { removeOnExit } from "../scripts/lib/exit-cleanup";
import { ROOT_DIR } from "../scripts/lib/wrangler-process";
import { parseIngestFlags, USAGE, type IngestFlags } from "./ingest/flags";
import { renderSection, renderTable, type IngestReport } from "./ingest/report";
import { batchFactory, benchLocations } from "./ingest/workload";
import { writeDocSection } from "./lib/benchmarks-doc";
import { runClosedLoop, summarize, type LoopSample } from "./lib/closed-loop";
import { describeMachine } from "./lib/machine";

const NOOP_CONFIG = join(import.meta.dirname, "noop-worker.wrangler.toml");
const REQUEST_TIMEOUT_MS = 30_000;

/** One server under load and how to send it a batch. */
interface Target {
  name: string;
  send: () => Promise<void>;
}

function progress(message: string): void {
  console.error(`bench:ingest: ${message}`);
}

/**
 * Returns a sender that posts the next batch and throws unless the response
 * is 200 with every event accepted, so a failing server cannot look fast.
 */
function batchSender(
  url: string,
  token: string,
  nextBody: () => string,
  batchSize: number,
): () => Promise<void> {
  const headers = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
  };
  return async () => {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: nextBody(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) {
      const excerpt = text.slice(0, 500);
      throw new Error(`${url} returned ${response.status}: ${excerpt}`);
    }
    const accepted = (JSON.parse(text) as { accepted?: unknown }).accepted;
    if (accepted !== batchSize) {
      const counts = `${accepted} of ${batchSize} events`;
      throw new Error(`${url} accepted ${counts}: ${text.slice(0, 500)}`);
    }
  };
}

/** Counts code reloads, which would skew a measurement in progress. */
let reloads = 0;

function watchReloads(line: string): void {
  // wrangler dev rebuilds when a source file changes under it.
  if (line.includes("Reloading local server")) reloads += 1;
}

async function startProduct(stateDir: string, flags: IngestFlags) {
  const server = await startDevServer({
    persistTo: join(stateDir, "product"),
    frozen: true,
    onOutput: watchReloads,
  });
  const admin = new ApiClient(server.baseUrl, server.adminToken ?? "");
  const locations = benchLocations(flags.locations);
  await admin.registerLocations(locations);
  const { token } = await admin.createToken({ label: "bench:ingest" });
  const nextBody = batchFactory(locations.map((l) => l.id), flags.batchSize);
  const url = `${server.baseUrl}/v1/events`;
  const send = batchSender(url, token, nextBody, flags.batchSize);
  return { server, target: { name: "product", send } };
}

async function startNoop(stateDir: string, flags: IngestFlags) {
  const server = await startDevServer({
    configPath: NOOP_CONFIG,
    persistTo: join(stateDir, "noop"),
    database: null,
    devVars: false,
    frozen: true,
    onOutput: watchReloads,
  });
  const ids = benchLocations(flags.locations).map((l) => l.id);
  const nextBody = batchFactory(ids, flags.batchSize);
  const url = `${server.baseUrl}/v1/events`;
  const send = batchSender(url, "unused", nextBody, flags.batchSize);
  return { server, target: { name: "no-op", send } };
}

async function warmUp(targets: Target[], flags: IngestFlags): Promise<void> {
  if (flags.warmupSeconds === 0) return;
  for (const target of targets) {
    progress(`warming up ${target.name} for ${flags.warmupSeconds} s`);
    const sample = await runClosedLoop(target.send, {
      concurrency: flags.concurrency,
      durationMs: flags.warmupSeconds * 1000,
      maxRequests: Number.POSITIVE_INFINITY,
    });
    if (sample.errors > 0) {
      throw new Error(
        `${target.name} failed ${sample.errors} warm-up batches; ` +
          `first error: ${sample.firstError}`,
      );
    }
  }
}

/** Alternates the targets so a change in background load hits both alike. */
async function measure(targets: Target[], flags: IngestFlags) {
  const samples = new Map<string, LoopSample[]>();
  for (const target of targets) samples.set(target.name, []);
  const limits = {
    concurrency: flags.concurrency,
    durationMs: (flags.durationSeconds * 1000) / flags.rounds,
    maxRequests: Math.ceil(flags.maxBatches / flags.rounds),
  };
  const seconds = (limits.durationMs / 1000).toFixed(1);
  for (let round = 1; round <= flags.rounds; round += 1) {
    for (const target of targets) {
      const name = `${target.name} for ${seconds} s`;
      progress(`round ${round}/${flags.rounds}: ${name}`);
      const sample = await runClosedLoop(target.send, limits);
      samples.get(target.name)?.push(sample);
    }
  }
  return samples;
}

function reproduceCommand(args: string[]): string {
  const extra = args.filter((arg) => arg !== "--skip-docs");
  const command = "npm run bench:ingest";
  return extra.length > 0 ? `${command} -- ${extra.join(" ")}` : command;
}

async function run(args: string[]): Promise<number> {
  const flags = parseIngestFlags(args);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const machine = describeMachine();
  // A fresh state directory per run, so no earlier dedup keys or buckets
  // change the work a batch causes.
  const stateRoot = join(ROOT_DIR, ".sitewatch");
  await mkdir(stateRoot, { recursive: true });
  const stateDir = await mkdtemp(join(stateRoot, "bench-ingest-"));
  removeOnExit(stateDir);
  const servers: DevServer[] = [];
  try {
    const product = await startProduct(stateDir, flags);
    servers.push(product.server);
    const noop = await startNoop(stateDir, flags);
    servers.push(noop.server);

    const targets = [product.target, noop.target];
    await warmUp(targets, flags);
    const reloadsBefore = reloads;
    const samples = await measure(targets, flags);
    if (reloads > reloadsBefore) {
      progress(
        `warning: wrangler reloaded changed code ${reloads - reloadsBefore} ` +
          "times during the measurement; rerun for clean numbers",
      );
    }
    const report: IngestReport = {
      settings: { command: reproduceCommand(args), ...flags },
      machine,
      product: summarize(samples.get("product") ?? []),
      noop: summarize(samples.get("no-op") ?? []),
      finishedAt: new Date(),
    };
    return await publish(report, flags);
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

async function publish(report: IngestReport, flags: IngestFlags) {
  console.log(renderTable(report));
  const failed = report.product.errors + report.noop.errors;
  if (failed > 0) {
    const first = report.product.firstError ?? report.noop.firstError;
    progress(
      `${failed} batches failed, so docs/benchmarks.md is unchanged; ` +
        `first error: ${first}`,
    );
    return 1;
  }
  if (!flags.skipDocs) {
    await writeDocSection("Ingest", renderSection(report));
    progress("wrote the Ingest section of docs/benchmarks.md");
  }
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    progress(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
