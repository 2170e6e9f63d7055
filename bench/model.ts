/**
 * npm run bench:model -- [--repeats N]
 *
 * Speed of the per-location model: fitting one location-metric on 400 days
 * of hourly buckets, and scoring one closed bucket (predict plus the
 * detector step), each beside the hour-of-week z-score baseline measured
 * in the same run. Prints a Markdown table with the machine.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { createDetectorState, defaultDetectorSettings, observeBucket } from "../src/detection";
import { fitModel, predict, type TrainingPoint } from "../src/model";
import { createFleet, generateSeries } from "../src/simulation";
import { dayStart, TIME } from "../src/time/zone";

const HISTORY_DAYS = 400;
const SCORED_BUCKETS = 24 * 28;

function historyOf(index: number): { points: TrainingPoint[]; timeZone: string; country: string } {
  const spec = createFleet({ seed: 3, stores: 6, startDate: "2023-01-02", days: HISTORY_DAYS + 28 })[index];
  const from = dayStart(spec.timeZone, "2023-01-02");
  const series = generateSeries(spec, from, from + (HISTORY_DAYS + 28) * TIME.DAY_MS);
  const points = series.rows.map((r) => ({ startMs: r.startMs, value: r.value, open: r.open, events: r.events }));
  return { points, timeZone: spec.timeZone, country: spec.country };
}

/** Hour-of-week z-score baseline: mean and sd of the same hour over 8 weeks. */
function zScoreFit(points: TrainingPoint[]): Float64Array {
  const stats = new Float64Array(168 * 3);
  const last = points.length;
  for (let i = Math.max(0, last - 168 * 8); i < last; i++) {
    const slot = i % 168;
    const v = points[i].value;
    stats[slot * 3] += 1;
    stats[slot * 3 + 1] += v;
    stats[slot * 3 + 2] += v * v;
  }
  return stats;
}

function zScore(stats: Float64Array, slot: number, value: number): number {
  const n = stats[slot * 3];
  const mean = stats[slot * 3 + 1] / n;
  const sd = Math.sqrt(Math.max(stats[slot * 3 + 2] / n - mean * mean, 1e-9));
  return (value - mean) / sd;
}

function time(repeats: number, run: () => void): number {
  run(); // warm-up: caches, JIT
  const started = performance.now();
  for (let i = 0; i < repeats; i++) run();
  return (performance.now() - started) / repeats;
}

function main() {
  const { values } = parseArgs({ options: { repeats: { type: "string", default: "20" } } });
  const repeats = Number(values.repeats);
  const rows: string[] = [];
  let sink = 0;
  for (const index of [0, 3, 5]) {
    const { points, timeZone, country } = historyOf(index);
    const training = points.slice(0, HISTORY_DAYS * 24);
    const scored = points.slice(HISTORY_DAYS * 24, HISTORY_DAYS * 24 + SCORED_BUCKETS);
    const settings = { grain: "hour", kind: "count", timeZone, country } as const;
    const fitMs = time(repeats, () => {
      const r = fitModel(training, settings);
      sink += r.status === "fitted" ? r.model.profile.length : 0;
    });
    const baselineFitMs = time(repeats, () => { sink += zScoreFit(training)[0]; });
    const fit = fitModel(training, settings);
    if (fit.status !== "fitted") throw new Error(`store ${index}: no model`);
    const detector = defaultDetectorSettings("hour");
    const scoreUs = (time(repeats, () => {
      let state = createDetectorState();
      for (const p of scored) {
        const prediction = predict(fit.model, p.startMs, { open: p.open, events: p.events });
        state = observeBucket(state, { startMs: p.startMs, actual: p.value, prediction }, detector).state;
      }
      sink += state.recent.length;
    }) * 1000) / scored.length;
    const stats = zScoreFit(training);
    const baselineScoreUs = (time(repeats, () => {
      for (let i = 0; i < scored.length; i++) sink += zScore(stats, i % 168, scored[i].value);
    }) * 1000) / scored.length;
    rows.push(`| ${index} (${timeZone}) | ${training.length} | ${fitMs.toFixed(1)} | ${baselineFitMs.toFixed(2)} | ${(fitMs / baselineFitMs).toFixed(0)}x | ${scoreUs.toFixed(1)} | ${baselineScoreUs.toFixed(3)} | ${(scoreUs / baselineScoreUs).toFixed(0)}x |`);
  }
  const cpu = cpus();
  process.stdout.write([
    `Machine: ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, Node ${process.version}; ${repeats} repeats after one warm-up.`,
    "",
    "| store | buckets | fit (ms) | z-score fit (ms) | ratio | score (us/bucket) | z-score (us/bucket) | ratio |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `(checksum ${sink > 0 ? "ok" : "empty"})`,
  ].join("\n") + "\n");
}

main();
