import { performance } from "node:perf_hooks";

/** Limits of one closed-loop run: it stops at whichever is reached first. */
export interface LoopLimits {
  /** Requests in flight at any time. */
  concurrency: number;
  durationMs: number;
  /** Maximum requests to start; Infinity for no limit. */
  maxRequests: number;
}

/** Measurements of one closed-loop run. */
export interface LoopSample {
  /** Latency of each successful request, in ms. */
  latenciesMs: number[];
  errors: number;
  /** The first error's message, to show why requests failed. */
  firstError: string | null;
  elapsedMs: number;
}

/**
 * Calls `send` from `concurrency` loops, each starting its next request as
 * soon as the previous one settles, until a limit is reached. A rejected
 * `send` counts as an error and its latency is left out.
 */
export async function runClosedLoop(
  send: () => Promise<void>,
  limits: LoopLimits,
): Promise<LoopSample> {
  const sample: LoopSample = {
    latenciesMs: [],
    errors: 0,
    firstError: null,
    elapsedMs: 0,
  };
  const started = performance.now();
  const deadline = started + limits.durationMs;
  let requests = 0;

  const loop = async () => {
    while (performance.now() < deadline && requests < limits.maxRequests) {
      requests += 1;
      const sent = performance.now();
      try {
        await send();
        sample.latenciesMs.push(performance.now() - sent);
      } catch (error) {
        sample.errors += 1;
        const message = error instanceof Error ? error.message : String(error);
        sample.firstError ??= message;
      }
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, loop));
  sample.elapsedMs = performance.now() - started;
  return sample;
}

/** Throughput and latency percentiles over one or more samples. */
export interface LoopSummary {
  requests: number;
  errors: number;
  firstError: string | null;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Returns the nearest-rank percentile `p` (0 to 100) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Pools samples. Throughput is successful requests over the summed elapsed
 * time, and the percentiles are taken over every latency.
 */
export function summarize(samples: LoopSample[]): LoopSummary {
  const latencies = samples.flatMap((s) => s.latenciesMs);
  latencies.sort((a, b) => a - b);
  const elapsedMs = samples.reduce((total, s) => total + s.elapsedMs, 0);
  const perSecond = elapsedMs > 0 ? (latencies.length * 1000) / elapsedMs : 0;
  return {
    requests: latencies.length,
    errors: samples.reduce((total, s) => total + s.errors, 0),
    firstError: samples.find((s) => s.firstError)?.firstError ?? null,
    requestsPerSecond: perSecond,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
