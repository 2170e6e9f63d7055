/**
 * `npm start`: the whole system on the local runtime, fed by a simulated
 * chain. It starts the Worker (local D1, R2, Queues, Durable Objects, cron)
 * and a local webhook receiver. It registers the stores, backfills their
 * history, trains every model through the cron path and uploads routing.
 * Then it streams live POS events with injected incidents and prints each
 * alert as the receiver gets it. Ctrl-C stops everything.
 */
import { rm } from "node:fs/promises";
import type { Server } from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createFleet, Random, type StoreSpec } from "../src/simulation";
import { hourBucketStart, TIME } from "../src/time/zone";
import { historyHour, liveEvents, NO_EFFECT } from "./sim/activity";
import { effectAt, planIncidents, type InjectedIncident } from "./sim/incidents";
import { toLocation } from "./sim/locations";
import { startReceiver, type ReceivedNotification } from "./sim/receiver";
import { demoRouting } from "./sim/routing";
import { ApiClient } from "./lib/api-client";
import { startDevServer, type DevServer } from "./lib/dev-server";
import { progress, runPool } from "./lib/progress";
import { checkStartOptions, START_ARGS, START_USAGE, StartOptionError, type StartOptions } from "./lib/start-options";
import { ROOT_DIR } from "./lib/wrangler-process";

const TICK_MS = 5_000;
const MAX_BATCH_EVENTS = 1_000;
const REGISTER_BATCH = 200;
const WEBHOOK_SECRET = `whsec_${Buffer.from("sitewatch local demo signing key!").toString("base64")}`;

/**
 * Parses and checks the command line. An unknown or invalid option prints
 * one line naming it and exits with code 2.
 */
function readOptions(): StartOptions {
  try {
    const { values } = parseArgs({ options: START_ARGS, strict: true });
    if (values.help) {
      console.log(START_USAGE);
      process.exit(0);
    }
    return checkStartOptions(values);
  } catch (error) {
    if (!isCommandLineError(error)) throw error;
    // Some parseArgs messages span several lines or end with a full stop.
    const message = error.message.replace(/\s*\n\s*/g, " ").replace(/\.$/, "");
    console.error(`sitewatch: ${message}. Run "npm start -- --help" for the options.`);
    process.exit(2);
  }
}

/** Checks whether parseArgs (codes ERR_PARSE_ARGS_*) or checkStartOptions threw `error`. */
function isCommandLineError(error: unknown): error is Error {
  if (error instanceof StartOptionError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

const flags = readOptions();
const storeCount = flags.stores;
const historyDays = flags.historyDays;
const stateDir = join(ROOT_DIR, ".sitewatch", "state");

function say(message: string) {
  console.log(`sitewatch: ${message}`);
}

function buildFleet(nowMs: number): StoreSpec[] {
  const startDate = new Date(nowMs - historyDays * TIME.DAY_MS).toISOString().slice(0, 10);
  // The demo chain declares no renovations and has no hidden incidents:
  // the only incidents are the ones injected and printed below.
  return createFleet({ seed: 20261204, stores: storeCount, startDate, days: historyDays + 3 }).map((spec) => ({
    ...spec,
    renovation: null,
    incidents: [],
  }));
}

async function backfill(api: ApiClient, fleet: StoreSpec[], nowMs: number) {
  const bar = progress("backfilling history", fleet.length);
  let done = 0;
  await runPool(fleet, 6, async (spec) => {
    const random = new Random(spec.seed);
    const end = hourBucketStart(spec.timeZone, nowMs);
    const rows = [];
    for (let t = hourBucketStart(spec.timeZone, end - historyDays * TIME.DAY_MS); t < end; t = hourBucketStart(spec.timeZone, t + TIME.HOUR_MS)) {
      rows.push(historyHour(spec, t, random));
    }
    await api.request("POST", `/v1/locations/${spec.id}/history`, { grain: "hour", rows });
    bar.update(++done);
  });
  bar.finish();
}

async function train(baseUrl: string, api: ApiClient, stores: number) {
  const response = await fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent("0 3 * * *")}`);
  if (!response.ok) throw new Error(`cron trigger failed: ${response.status} ${await response.text()}`);
  const bar = progress("training models", stores);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const summary = await api.request<any>("GET", "/v1/training/runs/latest").catch(() => null);
    if (!summary) continue;
    const l = summary.locations;
    const finished = l.promoted + l.rejected + l.insufficient + l.notDue + l.failed;
    bar.update(finished);
    if (summary.jobs >= stores && finished >= stores) {
      bar.finish(finished);
      say(`trained: ${l.promoted} locations promoted, ${l.insufficient} insufficient, ${l.failed} failed (run ${summary.runId})`);
      return;
    }
  }
}

async function postAll(api: ApiClient, token: string, events: Record<string, unknown>[]) {
  const batches = [];
  for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) batches.push(events.slice(i, i + MAX_BATCH_EVENTS));
  let accepted = 0;
  await runPool(batches, 4, async (batch) => {
    // Resending a batch is safe: events already applied count as duplicates.
    for (let attempt = 1; ; attempt++) {
      try {
        accepted += (await api.postEvents(batch as never, token)).accepted;
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      }
    }
  });
  return accepted;
}

function describeIncident(incident: InjectedIncident, fleet: StoreSpec[]): string {
  const spec = fleet.find((s) => s.id === incident.storeId)!;
  const until = new Date(incident.endMs).toISOString().slice(11, 16);
  return `${incident.kind.replace("_", " ")} at ${spec.id} (${spec.archetype}, ${spec.timeZone}) until ${until} UTC, expected at receiver "${incident.expectedReceiver}"`;
}

let stopping = false;
let server: DevServer | undefined;
let receiverServer: Server | undefined;

/** Stops the Worker and the receiver, then exits with `code`. */
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping");
  await server?.stop();
  receiverServer?.close();
  process.exit(code);
}

async function main() {
  if (!flags.keepState) await rm(stateDir, { recursive: true, force: true });
  const heard = new Map<string, Set<string>>();
  const startedMs = Date.now();
  let incidents: InjectedIncident[] = [];
  let firstAlertSeen = false;

  const onNotification = (n: ReceivedNotification) => {
    let valid = "";
    if (n.signatureValid === true) valid = " (signature valid)";
    if (n.signatureValid === false) valid = " (SIGNATURE INVALID)";
    for (const line of n.lines) console.log(`[${n.receiver}]${valid} ${line}`);
    for (const incident of incidents) {
      // Slack-format messages name the store, signed webhooks carry its id.
      const names = [incident.storeId, incident.storeName];
      if (n.lines.some((l) => names.some((name) => l.includes(name)))) {
        const receivers = heard.get(incident.storeId) ?? new Set();
        receivers.add(n.receiver);
        heard.set(incident.storeId, receivers);
      }
    }
    if (!firstAlertSeen) {
      firstAlertSeen = true;
      say(`first alert received ${((Date.now() - startedMs) / 1000).toFixed(0)} s after start`);
    }
    if (flags.smoke && !stopping) void stopAll(0);
  };
  const receiver = await startReceiver({ port: flags.receiverPort, webhookSecret: WEBHOOK_SECRET, onNotification });
  receiverServer = receiver.server;
  say(`webhook receiver at ${receiver.url} (open it in a browser to see alerts)`);

  // Frozen: serve a copy of the sources taken at start, so edits to the
  // tree do not restart the Worker in the middle of a run.
  server = await startDevServer({ persistTo: stateDir, port: flags.port, frozen: true });
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  if (flags.smoke) {
    setTimeout(() => {
      console.error(`sitewatch: no alert within ${flags.timeoutMinutes} minutes`);
      void stopAll(1);
    }, flags.timeoutMinutes * 60_000).unref();
  }

  const api = new ApiClient(server.baseUrl, server.adminToken!);
  const baseUrl = server.baseUrl;
  say(`Worker at ${baseUrl}; admin token in .dev.vars`);
  await api.request("PUT", "/v1/routing", demoRouting(receiver.url, WEBHOOK_SECRET));
  say("routing uploaded: sales to regional-ops (Slack format), integration to it (signed webhook)");

  const nowMs = Date.now();
  const fleet = buildFleet(nowMs);
  // Smaller requests than the API's limit of 1,000 keep each one well
  // inside the client timeout on a busy two-core machine.
  for (let i = 0; i < fleet.length; i += REGISTER_BATCH) {
    await api.registerLocations(fleet.slice(i, i + REGISTER_BATCH).map(toLocation));
  }
  say(`registered ${fleet.length} stores`);
  await backfill(api, fleet, nowMs);
  await train(baseUrl, api, fleet.length);

  const { token } = await api.createToken({ label: "simulator", locationIds: null });
  const streamStart = Date.now();
  incidents = planIncidents(fleet, streamStart);
  for (const incident of incidents) say(`injecting ${describeIncident(incident, fleet)}`);

  const randoms = new Map(fleet.map((spec) => [spec.id, new Random(spec.seed ^ 0x5f3759df)]));
  // The part of the current hour before the stream starts, trading as usual:
  // the incidents begin with the stream.
  const catchUp = fleet.flatMap((spec) =>
    liveEvents(spec, hourBucketStart(spec.timeZone, streamStart), streamStart, randoms.get(spec.id)!, NO_EFFECT),
  );
  await postAll(api, token, catchUp);
  say(`streaming live events every ${TICK_MS / 1000} s (Ctrl-C stops)`);

  let last = streamStart;
  let sent = 0;
  let lastReport = Date.now();
  while (!stopping) {
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    const now = Date.now();
    const events = fleet.flatMap((spec) => liveEvents(spec, last, now, randoms.get(spec.id)!, effectAt(incidents, spec.id, last)));
    last = now;
    sent += await postAll(api, token, events).catch((error) => {
      console.error(`sitewatch: a batch failed after 3 attempts: ${(error as Error).message}`);
      return 0;
    });
    if (now - lastReport >= 60_000) {
      lastReport = now;
      const alerted = incidents.filter((i) => heard.get(i.storeId)?.has(i.expectedReceiver)).length;
      say(`${sent} events sent; ${receiver.received.length} notifications; ${alerted} of ${incidents.length} injected incidents alerted to the right receiver`);
    }
  }
}

main().catch(async (error) => {
  console.error(`sitewatch: start failed: ${(error as Error).stack ?? error}`);
  await stopAll(1);
});
