/**
 * The semi-real set: real Rossmann daily sales per store, with labelled
 * incidents injected on top. Their own irregularities stay unlabelled, so
 * alerts outside injected incidents are reported as flagged irregularities.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { replay } from "../../src/detection/walk-forward";
import type { TrainingPoint } from "../../src/model";
import { Random } from "../../src/simulation";
import { dayStart, TIME } from "../../src/time/zone";
import { baselineSeries } from "./baselines";
import type { EvalIncident, EvalSeries } from "./evaluate";

export const ROSSMANN_PATH = "../shared/data/rossmann/rossmann_train_daily.csv.gz";
const ZONE = "Europe/Berlin";
/** Scoring starts here; earlier days are history only. */
export const ROSSMANN_EVAL_FROM = "2014-08-01";
const MEAN_DAYS_BETWEEN_INCIDENTS = 21;
const DETECTABLE_P = 1e-4;

/** One store's real days. */
interface StoreDays {
  store: number;
  points: TrainingPoint[];
  dates: string[];
}

/** Reads the selected stores from the gzipped CSV. */
export function loadRossmann(path: string, stores: Set<number>): StoreDays[] {
  const lines = gunzipSync(readFileSync(path)).toString("utf8").split("\n");
  const header = lines[0].split(",");
  const col = (n: string) => header.indexOf(n);
  const [cStore, cDate, cSales, cOpen, cPromo, cSchool] =
    ["Store", "Date", "Sales", "Open", "Promo", "SchoolHoliday"].map(col);
  const byStore = new Map<number, StoreDays>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const cells = lines[i].split(",");
    const store = Number(cells[cStore]);
    if (!stores.has(store)) continue;
    const entry = byStore.get(store) ?? { store, points: [], dates: [] };
    entry.dates.push(cells[cDate]);
    entry.points.push({
      startMs: dayStart(ZONE, cells[cDate]),
      value: Number(cells[cSales]),
      open: cells[cOpen] === "1",
      events: { promo: cells[cPromo] === "1" ? 1 : 0, school_holiday: cells[cSchool] === "1" ? 1 : 0 },
    });
    byStore.set(store, entry);
  }
  return [...byStore.values()];
}

/** Picks `count` store numbers of 1..1115 with a seed. */
export function pickStores(seed: number, count: number): number[] {
  const random = new Random(seed);
  const all = Array.from({ length: 1115 }, (_, i) => i + 1);
  for (let i = all.length - 1; i > 0; i--) {
    const j = random.integer(0, i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}

/** Robust sd of log sales against the same weekday a few weeks around. */
function daySd(points: TrainingPoint[], until: number): number {
  const byTime = new Map(points.map((p) => [p.startMs, p]));
  const residuals: number[] = [];
  for (const p of points) {
    if (p.startMs >= until || !p.open || p.value <= 0) continue;
    const around: number[] = [];
    for (const w of [-3, -2, -1, 1, 2, 3]) {
      const q = byTime.get(p.startMs + w * 7 * TIME.DAY_MS);
      if (q && q.open && q.value > 0 && q.events?.promo === p.events?.promo) around.push(Math.log(q.value));
    }
    if (around.length < 4) continue;
    around.sort((a, b) => a - b);
    residuals.push(Math.log(p.value) - around[around.length >> 1]);
  }
  const abs = residuals.map(Math.abs).sort((a, b) => a - b);
  return 1.4826 * (abs[abs.length >> 1] ?? 0.1);
}

function normalLowerTail(z: number): number {
  // A polynomial approximation of the normal tail, enough for labelling.
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989423 * Math.exp((-z * z) / 2);
  const upper = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return z < 0 ? upper : 1 - upper;
}

function inject(store: StoreDays, random: Random, fromMs: number) {
  const points = store.points.map((p) => ({ ...p }));
  const incidents: EvalIncident[] = [];
  const sd = daySd(store.points, fromMs);
  let i = points.findIndex((p) => p.startMs >= fromMs);
  if (i < 0) return { points, incidents };
  for (let n = 1; ; n++) {
    i += Math.max(1, Math.round(-Math.log(random.next()) * MEAN_DAYS_BETWEEN_INCIDENTS));
    while (i < points.length && !points[i].open) i++;
    if (i >= points.length - 25) break;
    const kind = random.pick(["day_dip", "day_dip", "feed_outage", "double_posting", "slow_decline"] as const);
    const length = kind === "slow_decline" ? random.integer(10, 20) : kind === "day_dip" ? random.integer(1, 3) : 1;
    const factor = kind === "feed_outage" ? 0 : kind === "double_posting" ? random.between(1.5, 2) :
      kind === "slow_decline" ? random.between(0.5, 0.7) : random.between(0.3, 0.7);
    let original = 0, injected = 0, openDays = 0;
    for (let k = 0; k < length && i + k < points.length; k++) {
      const p = points[i + k];
      if (!p.open) continue;
      const f = kind === "slow_decline" ? 1 - (1 - factor) * (k + 1) / length : factor;
      original += p.value;
      p.value = Math.round(p.value * f);
      injected += p.value;
      openDays++;
    }
    const z = original > 0 && injected > 0
      ? Math.log(injected / original) / (sd / Math.sqrt(openDays))
      : (kind === "double_posting" ? Infinity : -Infinity);
    const p = kind === "double_posting" ? 1 - normalLowerTail(z) : normalLowerTail(z);
    incidents.push({
      id: `rossmann-${store.store}-i${n}`, kind,
      startMs: points[i].startMs,
      endMs: points[Math.min(i + length, points.length - 1)].startMs,
      detectable: p <= DETECTABLE_P,
    });
    i += length + 3;
  }
  return { points, incidents };
}

/** Scores one Rossmann store with the model and both baselines. */
export function runRossmannStore(store: StoreDays, seed: number) {
  const fromMs = dayStart(ZONE, ROSSMANN_EVAL_FROM);
  const { points, incidents } = inject(store, new Random(seed * 7919 + store.store), fromMs);
  const fromIndex = points.findIndex((p) => p.startMs >= fromMs);
  const rows = replay(points, { grain: "day", kind: "amount", timeZone: ZONE, country: "DE" }, {
    scoreFromIndex: fromIndex,
  });
  const startMs = points.map((p) => p.startMs);
  const base = {
    id: `rossmann-${store.store}`, startMs, incidents, excused: [],
    fromMs, toMs: startMs[startMs.length - 1] + TIME.DAY_MS,
  };
  const input = { startMs, value: points.map((p) => p.value), open: points.map((p) => p.open), grain: "day" as const };
  const modelFlags = [...new Array(fromIndex).fill(false), ...rows.map((r) => r.isAnomaly)];
  const expected = [...new Array(fromIndex).fill(null), ...rows.map((r) => r.expected)];
  return {
    series: {
      model: { ...base, isAnomaly: modelFlags } as EvalSeries,
      ...Object.fromEntries(
        Object.entries(baselineSeries(input)).map(([name, isAnomaly]) => [name, { ...base, isAnomaly } as EvalSeries]),
      ),
    } as Record<string, EvalSeries>,
    values: input.value,
    expected,
  };
}
