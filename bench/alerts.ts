/**
 * Alert benchmark: time from an alert event entering the alerts queue to
 * its notification arriving at a loopback webhook, for many locations
 * alerting at once, beside the raw round trip to the same receiver.
 * Run with `npm run bench:alerts [-- --locations N]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevServer, type DevServer } from "../scripts/lib/dev-server";
import { removeOnExit } from "../scripts/lib/exit-cleanup";
import { startBenchReceiver, type BenchReceiver } from "./alerts/receiver";
import { benchAlerts, benchRouting } from "./alerts/workload";
import { writeDocSection } from "./lib/benchmarks-doc";
import { percentile } from "./lib/closed-loop";
import { describeMachine, type MachineInfo } from "./lib/machine";

const DEFAULT_LOCATIONS = 1_000;
/** The API accepts at most 100 alert events per request. */
const EVENTS_PER_REQUEST = 100;
const ARRIVAL_TIMEOUT_MS = 180_000;
const BASELINE_CONCURRENCY = 50;

function progress(message: string): void {
  console.error(`bench:alerts: ${message}`);
}

function locationsFlag(argv: string[]): number {
  const at = argv.indexOf("--locations");
  if (at === -1) return DEFAULT_LOCATIONS;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new Error("--locations takes a whole number from 1 to 100000");
  }
  return value;
}

async function call(server: DevServer, method: string, path: string, body: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} returned ${response.status}: ${text.slice(0, 500)}`);
}

/** Enqueues every alert and returns, per fingerprint, when its request left. */
async function enqueueAll(server: DevServer, locations: number) {
  const alerts = benchAlerts(locations, new Date());
  const sentAt = new Map<string, number>();
  const chunks: (typeof alerts)[] = [];
  for (let i = 0; i < alerts.length; i += EVENTS_PER_REQUEST) chunks.push(alerts.slice(i, i + EVENTS_PER_REQUEST));
  await Promise.all(
    chunks.map(async (events) => {
      const at = performance.now();
      for (const event of events) sentAt.set(event.fingerprint, at);
      await call(server, "POST", "/v1/alerts", { events });
    }),
  );
  return sentAt;
}

async function waitForArrivals(receiver: BenchReceiver, expected: number) {
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  while (receiver.arrivals.size < expected) {
    if (Date.now() > deadline) throw new Error(`only ${receiver.arrivals.size} of ${expected} alerts arrived within ${ARRIVAL_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Posts `count` small JSON bodies straight to the receiver and times each. */
async function rawRoundTrips(url: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      const response = await fetch(url, { method: "POST", body: '{"type":"baseline"}', headers: { "content-type": "application/json" } });
      await response.text();
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: BASELINE_CONCURRENCY }, worker));
  return latencies.sort((a, b) => a - b);
}

interface NotificationTimes {
  decidedAt: string;
  createdAt: string;
  deliveredAt: string | null;
}

/**
 * Reads every notification of the run from the API and returns, in ms
 * after `startedAtMs`, when each was decided and when it was delivered.
 */
async function notificationTimes(server: DevServer, startedAtMs: number) {
  const rows: NotificationTimes[] = [];
  let before = "";
  for (;;) {
    const query = `limit=500${before ? `&before=${encodeURIComponent(before)}` : ""}`;
    const response = await fetch(`${server.baseUrl}/v1/notifications?${query}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const page = ((await response.json()) as { notifications: NotificationTimes[] }).notifications;
    rows.push(...page);
    if (page.length < 500) break;
    before = page[page.length - 1].createdAt;
  }
  const after = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso) - startedAtMs);
  const sorted = (values: number[]) => values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return {
    decided: sorted(rows.map((r) => after(r.decidedAt))),
    delivered: sorted(rows.map((r) => after(r.deliveredAt))),
  };
}

interface AlertReport {
  locations: number;
  endToEnd: number[];
  raw: number[];
  decided: number[];
  delivered: number[];
  wallMs: number;
  machine: MachineInfo;
}

function renderSection(report: AlertReport): string {
  const row = (name: string, values: number[]) =>
    `| ${name} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 99).toFixed(1)} | ${values.length} |`;
  const { machine } = report;
  const ratio = percentile(report.endToEnd, 50) / percentile(report.raw, 50);
  return [
    "| Path | p50 ms | p99 ms | Samples |",
    "|---|---:|---:|---:|",
    row("alert enqueued → webhook received", report.endToEnd),
    row("raw POST to the same receiver", report.raw),
    "",
    "Where the time goes, in ms after the first request left (from the notification log, " +
      "whose clock is the Worker's and has 1 ms resolution):",
    "",
    "| Step | p50 ms | p99 ms |",
    "|---|---:|---:|",
    `| group object decided to notify | ${percentile(report.decided, 50).toFixed(0)} | ${percentile(report.decided, 99).toFixed(0)} |`,
    `| notification delivered | ${percentile(report.delivered, 50).toFixed(0)} | ${percentile(report.delivered, 99).toFixed(0)} |`,
    "",
    `${report.locations.toLocaleString("en-US")} locations alert at once; all of them arrived ${(report.wallMs / 1000).toFixed(1)} s after the first was enqueued. ` +
      `Median ratio (end to end / raw round trip): ${ratio.toFixed(0)}x.`,
    "",
    "Reproduce with `npm run bench:alerts` (`-- --locations N` for another count). The script starts the product with " +
      "`wrangler dev` on 127.0.0.1 and a Node webhook receiver on loopback, uploads a routing document that groups by " +
      "location with `group_wait: 0s` and one signed webhook channel, and posts one firing alert per location to " +
      "`POST /v1/alerts` in requests of 100, all at once. Each latency runs from the moment the request carrying the " +
      "alert left the client to the moment its notification reached the receiver, through the alerts queue, the " +
      "alert's group object and its alarm, D1, the notifications queue and the endpoint throttle. The trigger is the " +
      "alerts queue rather than a bucket close, so the location object's scoring is not included. Each group flush " +
      "makes about four D1 queries and each delivery two, all served by local D1 from one SQLite file. Other " +
      "processes on a shared machine move these figures a lot, so compare runs at similar load averages. The raw round trip is 1,000 POSTs from the client to the same receiver, " +
      `${BASELINE_CONCURRENCY} at a time, in the same run. Each local queue waits up to its 1 s batch timeout before delivering, so two queues put about 2 s under every end-to-end figure.`,
    "",
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}, ` +
      `wrangler ${machine.wrangler}. Load generator, receiver, wrangler and workerd share these cores. One-minute load ` +
      `average before the run: ${machine.loadAverage.toFixed(2)}. Measured on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
  ].join("\n");
}

async function main(): Promise<void> {
  const locations = locationsFlag(process.argv.slice(2));
  const machine = describeMachine();
  const stateDir = await mkdtemp(join(tmpdir(), "sitewatch-bench-alerts-"));
  removeOnExit(stateDir);
  const receiver = await startBenchReceiver();
  const server = await startDevServer({ persistTo: stateDir, frozen: true });
  try {
    await call(server, "PUT", "/v1/routing", benchRouting(receiver.url));
    progress(`enqueueing ${locations} alerts`);
    const started = performance.now();
    const sentAt = await enqueueAll(server, locations);
    await waitForArrivals(receiver, locations);
    const wallMs = Math.max(...receiver.arrivals.values()) - started;
    const startedAtMs = Date.now() - (performance.now() - started);
    const { decided, delivered } = await notificationTimes(server, startedAtMs);
    const endToEnd = [...sentAt].map(([fp, at]) => (receiver.arrivals.get(fp) ?? Number.NaN) - at).sort((a, b) => a - b);
    progress("measuring the raw round trip");
    const raw = await rawRoundTrips(receiver.url, 1_000);
    const section = renderSection({ locations, endToEnd, raw, decided, delivered, wallMs, machine });
    console.log(section);
    await writeDocSection("Alerts", section);
  } finally {
    await server.stop();
    await receiver.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

await main();
