import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** Repository root, two levels above scripts/lib. */
export const ROOT_DIR = join(import.meta.dirname, "..", "..");

/**
 * Wrangler's CLI entry. Its `bin/wrangler.js` only re-spawns this file, and
 * killing that wrapper leaves wrangler and workerd running, so run it directly.
 */
const WRANGLER_CLI = join(
  ROOT_DIR,
  "node_modules/wrangler/wrangler-dist/cli.js",
);
/** Wrangler 4 needs Node 22, which the `node` devDependency installs here. */
const NODE_22 = join(ROOT_DIR, "node_modules/.bin/node");
const TAIL_LINES = 40;
const STOP_GRACE_MS = 5_000;

/**
 * Environment for every wrangler run. It turns off telemetry, the banner's
 * npm update check and the download of the `Request.cf` fixture, so local
 * runs contact no host other than 127.0.0.1.
 */
function wranglerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    FORCE_COLOR: "0",
  };
}

/** A wrangler command running in its own process group. */
export interface WranglerProcess {
  child: ChildProcess;
  /** The last lines wrangler wrote to stdout and stderr, oldest first. */
  tail(): string[];
  /**
   * Resolves with the exit code (or signal name) once the process exited and
   * its output was read to the end.
   */
  exited: Promise<number | string>;
  /** Stops wrangler and workerd, and resolves once the whole group is gone. */
  stop(): Promise<void>;
}

const liveGroups = new Set<number>();
let signalsHandled = false;

function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    // ESRCH: every process of the group has already exited.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

function handleParentSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const pid of liveGroups) killGroup(pid, "SIGTERM");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", () => stopAll("SIGINT"));
  process.once("SIGTERM", () => stopAll("SIGTERM"));
  // Covers a parent that exits without calling stop(), for example after an
  // uncaught error. process.kill is synchronous, so it works in this handler.
  process.once("exit", () => {
    for (const pid of liveGroups) killGroup(pid, "SIGTERM");
  });
}

async function waitForGroupExit(pid: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!killGroup(pid, 0)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !killGroup(pid, 0);
}

function collectTail(child: ChildProcess, onLine?: (line: string) => void) {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      onLine?.(line);
    });
  }
  return () => [...lines];
}

/**
 * Runs `wrangler <args>` with Node 22 in a new process group, so that stop()
 * and a signal to this process also end the workerd it starts.
 */
export function spawnWrangler(
  args: string[],
  onLine?: (line: string) => void,
): WranglerProcess {
  if (!existsSync(WRANGLER_CLI) || !existsSync(NODE_22)) {
    throw new Error(
      `wrangler or Node 22 is missing under ${ROOT_DIR}/node_modules; ` +
        "run npm install",
    );
  }
  const child = spawn(NODE_22, ["--no-warnings", WRANGLER_CLI, ...args], {
    cwd: ROOT_DIR,
    env: wranglerEnv(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`failed to start wrangler ${args.join(" ")}`);
  }
  liveGroups.add(pid);
  handleParentSignals();

  const exited = new Promise<number | string>((resolve) => {
    child.once("close", (code, signal) => {
      resolve(code ?? signal ?? "unknown");
    });
  });
  const stop = async () => {
    if (!killGroup(pid, "SIGTERM")) return void liveGroups.delete(pid);
    const exitedInTime = await waitForGroupExit(pid, STOP_GRACE_MS);
    if (!exitedInTime) killGroup(pid, "SIGKILL");
    await waitForGroupExit(pid, STOP_GRACE_MS);
    liveGroups.delete(pid);
  };
  return { child, tail: collectTail(child, onLine), exited, stop };
}

/** Runs a wrangler command and throws with its output if it fails. */
export async function runWrangler(args: string[]): Promise<void> {
  const run = spawnWrangler(args);
  const code = await run.exited;
  await run.stop();
  if (code !== 0) {
    const output = run.tail().join("\n");
    const command = `wrangler ${args.join(" ")}`;
    throw new Error(`${command} failed with exit code ${code}:\n${output}`);
  }
}
