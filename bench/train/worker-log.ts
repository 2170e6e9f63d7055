/**
 * Reads the trainer's structured log lines out of what `wrangler dev`
 * prints: one `train:job` line per finished job with its `durationMs`, and
 * one `queue:batch` line per consumer invocation.
 */
import { performance } from "node:perf_hooks";

const TRAINING_QUEUE = "sitewatch-training";
/** Lines of other output kept, to show why a run stalled. */
const OTHER_LINES_KEPT = 30;

/** One finished job as its log line reports it. */
export interface JobLine {
  durationMs: number;
  /** Series of the job that got a promoted model. */
  promoted: number;
  /** When this process read the line, from performance.now(), in ms. */
  seenAtMs: number;
}

/** Everything the benchmark takes from the Worker's output. */
export class TrainingLog {
  jobs: JobLine[] = [];
  /** Wall time of each training-queue invocation, in ms. */
  batchDurationsMs: number[] = [];
  /** Messages in each training-queue invocation. */
  batchSizes: number[] = [];
  retries = 0;
  firstRetryError: string | null = null;
  reloads = 0;
  /** The last lines that were not trainer events, oldest first. */
  otherLines: string[] = [];

  /** Clears the counts, for a new run on the same server. */
  reset(): void {
    this.jobs = [];
    this.batchDurationsMs = [];
    this.batchSizes = [];
    this.retries = 0;
    this.firstRetryError = null;
  }

  /** Takes one line of wrangler's output; lines that are not JSON are skipped. */
  read(line: string): void {
    // wrangler dev rebuilds when a source file changes under it.
    if (line.includes("Reloading local server")) this.reloads += 1;
    const entry = parseEntry(line);
    if (entry && this.record(entry)) return;
    this.otherLines.push(line);
    if (this.otherLines.length > OTHER_LINES_KEPT) this.otherLines.shift();
  }

  /** Counts a trainer event and reports whether the line was one. */
  private record(entry: Record<string, unknown>): boolean {
    if (entry.event === "train:job" && typeof entry.durationMs === "number") {
      const promoted = Number(entry.promoted ?? 0);
      this.jobs.push({ durationMs: entry.durationMs, promoted, seenAtMs: performance.now() });
    } else if (entry.event === "queue:batch" && entry.queue === TRAINING_QUEUE) {
      this.batchDurationsMs.push(Number(entry.durationMs));
      this.batchSizes.push(Number(entry.messages));
    } else if (entry.event === "train:retry") {
      this.retries += 1;
      this.firstRetryError ??= String(entry.error);
    } else {
      return false;
    }
    return true;
  }
}

function parseEntry(line: string): Record<string, unknown> | null {
  const start = line.indexOf("{");
  if (start === -1) return null;
  try {
    return JSON.parse(line.slice(start)) as Record<string, unknown>;
  } catch {
    // Wrangler's own messages may contain braces without being JSON.
    return null;
  }
}
