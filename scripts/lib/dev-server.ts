import { cp, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { ensureDevVars } from "./dev-vars";
import { keepOnExit, removeOnExit } from "./exit-cleanup";
import { ROOT_DIR, runWrangler, spawnWrangler } from "./wrangler-process";

const DEFAULT_CONFIG = join(ROOT_DIR, "wrangler.toml");
/** The D1 database name in wrangler.toml. */
const DEFAULT_DATABASE = "sitewatch";
const DEFAULT_START_TIMEOUT_MS = 60_000;
const HEALTH_POLL_MS = 250;
const HEALTH_REQUEST_TIMEOUT_MS = 2_000;

/** How to start a Worker on the local runtime. */
export interface DevServerOptions {
  /** Wrangler config file. Defaults to the product's wrangler.toml. */
  configPath?: string;
  /**
   * Directory for local D1, Durable Object and R2 state. Defaults to
   * wrangler's `.wrangler/state`. A fresh directory gives a throwaway run.
   */
  persistTo?: string;
  /** D1 database to migrate before starting, or null to skip migrations. */
  database?: string | null;
  /**
   * Whether to ensure `.dev.vars` beside the config file. Turn it off for a
   * Worker that reads no secrets, and `adminToken` is then null.
   */
  devVars?: boolean;
  /**
   * Serve a copy of the sources taken at start instead of the tree itself,
   * so edits made while it runs (by other work in the same tree) do not
   * reload the Worker. Off by default.
   */
  frozen?: boolean;
  /** Port on 127.0.0.1. Defaults to a free one. */
  port?: number;
  /** How long to wait for `GET /healthz` to return 200, in ms. */
  startTimeoutMs?: number;
  /** Receives every line wrangler prints. Otherwise only errors show them. */
  onOutput?: (line: string) => void;
  /** Receives the harness's progress messages. Defaults to stderr. */
  log?: (message: string) => void;
}

/** A running local Worker. */
export interface DevServer {
  baseUrl: string;
  /** The `ADMIN_TOKEN` from `.dev.vars`, or null when `devVars` is off. */
  adminToken: string | null;
  /** Stops wrangler and workerd. Calling it again does nothing. */
  stop(): Promise<void>;
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => {
        if (port) resolve(port);
        else reject(new Error("failed to find a free TCP port on 127.0.0.1"));
      });
    });
  });
}

/** Applies D1 migrations to the local database, under `persistTo` if set. */
export async function applyLocalMigrations(options: {
  configPath?: string;
  database?: string;
  persistTo?: string;
}): Promise<void> {
  const database = options.database ?? DEFAULT_DATABASE;
  const args = ["d1", "migrations", "apply", database, "--local"];
  args.push("--config", options.configPath ?? DEFAULT_CONFIG);
  if (options.persistTo) args.push("--persist-to", options.persistTo);
  await runWrangler(args);
}

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, {
      signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    // Connection refused or timed out: workerd is still starting.
    return false;
  }
}

async function waitUntilHealthy(
  baseUrl: string,
  exited: Promise<number | string>,
  timeoutMs: number,
): Promise<void> {
  let exitCode: number | string | null = null;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      throw new Error(
        `wrangler dev exited with ${exitCode} before /healthz returned 200`,
      );
    }
    if (await isHealthy(baseUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for GET ${baseUrl}/healthz ` +
      "to return 200",
  );
}

/** Entries a snapshot copies: everything wrangler reads to build the Worker. */
const SNAPSHOT_ENTRIES = [
  "src",
  "durable-objects",
  "trainer",
  "migrations",
  "wrangler.toml",
  "package.json",
  "tsconfig.json",
  ".dev.vars",
];

/**
 * Copies the Worker's sources into a new directory and returns its config
 * path. wrangler dev then bundles and watches the copy, so edits made to
 * the tree while it runs do not restart the Worker, and the copy still gets
 * every build feature (text modules, the /__scheduled route).
 */
async function snapshotSources(configPath: string): Promise<string> {
  const source = dirname(configPath);
  const target = await mkdtemp(join(tmpdir(), "sitewatch-snapshot-"));
  removeOnExit(target);
  // The product's own config needs only its sources; another Worker's
  // config (a benchmark's) gets its whole folder, which is small.
  const entries = source === ROOT_DIR ? SNAPSHOT_ENTRIES : await readdir(source);
  for (const entry of entries) {
    if (entry === "node_modules") continue;
    await cp(join(source, entry), join(target, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      // A missing optional file (.dev.vars when devVars is off) is fine.
      if (error.code !== "ENOENT") throw error;
    });
  }
  await symlink(join(ROOT_DIR, "node_modules"), join(target, "node_modules"), "dir");
  return join(target, basename(configPath));
}

function devArgs(configPath: string, port: number, persistTo?: string) {
  const args = ["dev", "--config", configPath, "--ip", "127.0.0.1"];
  args.push("--port", String(port), "--test-scheduled");
  args.push("--show-interactive-dev-session=false");
  if (persistTo) args.push("--persist-to", persistTo);
  return args;
}

/**
 * Starts a Worker with `wrangler dev` on 127.0.0.1: ensures `.dev.vars`,
 * applies D1 migrations, and resolves once `GET /healthz` returns 200. On
 * failure it stops wrangler and throws with the last lines wrangler printed.
 */
export async function startDevServer(
  options: DevServerOptions = {},
): Promise<DevServer> {
  const log =
    options.log ?? ((message) => console.error(`dev-server: ${message}`));
  const configPath = options.configPath ?? DEFAULT_CONFIG;
  let adminToken: string | null = null;
  if (options.devVars ?? true) {
    const vars = await ensureDevVars(join(dirname(configPath), ".dev.vars"));
    const displayPath = relative(process.cwd(), vars.path) || vars.path;
    const verb = vars.created ? "created" : "using";
    log(`${verb} local secrets in ${displayPath}`);
    adminToken = vars.adminToken;
  }
  const database =
    options.database === undefined ? DEFAULT_DATABASE : options.database;
  if (database) {
    const { persistTo } = options;
    await applyLocalMigrations({ configPath, database, persistTo });
  }

  const port = options.port ?? (await findFreePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const snapshot = options.frozen ? await snapshotSources(configPath) : null;
  const args = devArgs(snapshot ?? configPath, port, options.persistTo);
  const wrangler = spawnWrangler(args, options.onOutput);
  const stop = async () => {
    await wrangler.stop();
    if (!snapshot) return;
    await rm(dirname(snapshot), { recursive: true, force: true });
    keepOnExit(dirname(snapshot));
  };
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  try {
    await waitUntilHealthy(baseUrl, wrangler.exited, timeoutMs);
  } catch (error) {
    await stop();
    const output = wrangler.tail().join("\n");
    const message = `${(error as Error).message}. Last output of wrangler:`;
    throw new Error(`${message}\n${output}`, { cause: error });
  }
  log(`${relative(ROOT_DIR, configPath)} serving at ${baseUrl}`);
  return { baseUrl, adminToken, stop };
}
