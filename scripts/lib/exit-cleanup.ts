import { rmSync } from "node:fs";

const paths = new Set<string>();
let installed = false;

/**
 * Deletes `path` (a temporary directory) when the process exits, including
 * through process.exit() in a signal handler, where async cleanup cannot run.
 */
export function removeOnExit(path: string): void {
  paths.add(path);
  if (installed) return;
  installed = true;
  process.once("exit", () => {
    for (const entry of paths) {
      rmSync(entry, { recursive: true, force: true, maxRetries: 3 });
    }
  });
}

/** Cancels removeOnExit for a path that was already cleaned up. */
export function keepOnExit(path: string): void {
  paths.delete(path);
}
