/**
 * One store of the feed benchmark: train its model, trade normally over
 * each held-out window, then cut its feed at random open minutes.
 */
import { hourTruth, Random, type ArchetypeName, type StoreSpec } from "../../src/simulation";
import { dayStart, hourBucketStart, TIME } from "../../src/time/zone";
import { baselineAlerts, baselineFiresAt, DeclaredHours } from "./baseline";
import { profileOf } from "./profile";
import { detectOutage, lastBelow, replayTrading, type TradingReplay } from "./replay";
import { simulateTrading, type Trading } from "./trading";
import { historyBefore, trainTimeline } from "./training";
import type { LiveLocation } from "./alarm";

/** Settings of a run. Window start dates are local to each store. */
export interface FeedOptions {
  seed: number;
  stores: number;
  windowStarts: string[];
  weeks: number;
  outagesPerWindow: number;
  /** Maximum wait for a detection before an outage counts as missed. */
  capHours: number;
}

/** A cut feed and how long each detector took to call it. */
export interface OutageTrial {
  /** True expected transactions in the hour it started. */
  expectedPerHour: number;
  modelMs: number | null;
  baselineMs: number | null;
}

/** A false alert over normal trading. */
export interface FalseAlert {
  atMs: number;
  /** The store was not trading when it fired. */
  closed: boolean;
  /** Its declared hours, closures and holidays had it closed. */
  declaredClosed: boolean;
}

/** Results of one store over all windows. */
export interface StoreFeedResult {
  id: string;
  archetype: ArchetypeName;
  timeZone: string;
  storeWeeks: number;
  outages: OutageTrial[];
  modelAlerts: FalseAlert[];
  baselineAlerts: FalseAlert[];
  checks: number;
}

/** The first day of each window trades without being scored. */
const WARMUP_MS = TIME.DAY_MS;

function isTrading(spec: StoreSpec, atMs: number): boolean {
  const clean = { ...spec, incidents: [] };
  return hourTruth(clean, hourBucketStart(spec.timeZone, atMs)).open;
}

function falseAlerts(spec: StoreSpec, hours: DeclaredHours, times: number[]): FalseAlert[] {
  return times.map((atMs) => ({
    atMs,
    closed: !isTrading(spec, atMs),
    declaredClosed: !hours.isOpen(atMs),
  }));
}

/** Picks `count` outage starts at uniformly random open minutes. */
function outageStarts(trading: Trading, fromMs: number, toMs: number, count: number, random: Random) {
  const open = trading.hours.filter((h) => h.open && h.startMs >= fromMs && h.startMs < toMs);
  if (open.length === 0) return [];
  return Array.from({ length: count }, () => {
    const hour = open[Math.floor(random.next() * open.length)];
    return { startMs: hour.startMs + random.next() * TIME.HOUR_MS, expectedPerHour: hour.expected };
  });
}

function insideEpisode(replay: TradingReplay, atMs: number): boolean {
  return replay.episodes.some(([from, to]) => atMs >= from && atMs < to);
}

function runWindow(spec: StoreSpec, options: FeedOptions, windowIndex: number): Omit<StoreFeedResult, "id" | "archetype" | "timeZone"> {
  const profile = profileOf(spec);
  const liveSinceMs = dayStart(spec.timeZone, options.windowStarts[windowIndex]);
  const evalFromMs = liveSinceMs + WARMUP_MS;
  const evalToMs = evalFromMs + options.weeks * 7 * TIME.DAY_MS;
  const capMs = options.capHours * TIME.HOUR_MS;
  const seed = spec.seed ^ (windowIndex * 0x9e3779b1);
  const trading = simulateTrading(spec, liveSinceMs, evalToMs, seed);
  const history = historyBefore(spec, liveSinceMs);
  const timeline = trainTimeline(profile, history, trading.hours, liveSinceMs, evalToMs);
  const location: LiveLocation = { profile, timeline, liveSinceMs };
  const hours = new DeclaredHours(profile);

  const replay = replayTrading(location, trading.saleMs, evalToMs);
  const modelTimes = replay.alerts.map((a) => a.atMs).filter((t) => t >= evalFromMs);
  const baselineTimes = baselineAlerts(hours, trading.saleMs, liveSinceMs, evalFromMs, evalToMs);

  const random = new Random(seed ^ 0x5bd1e995);
  const outages: OutageTrial[] = [];
  for (const start of outageStarts(trading, evalFromMs, evalToMs, options.outagesPerWindow, random)) {
    // A cut during a false alert would count as caught at once.
    if (insideEpisode(replay, start.startMs)) continue;
    const modelMs = detectOutage(location, replay, trading.saleMs, start.startMs, capMs);
    const sale = lastBelow(trading.saleMs, start.startMs);
    const lastSale = sale >= 0 ? trading.saleMs[sale] : liveSinceMs;
    const firesAt = baselineFiresAt(hours, lastSale, start.startMs, start.startMs + capMs);
    outages.push({ expectedPerHour: start.expectedPerHour, modelMs, baselineMs: firesAt === null ? null : firesAt - start.startMs });
  }
  return {
    storeWeeks: options.weeks,
    outages,
    modelAlerts: falseAlerts(spec, hours, modelTimes),
    baselineAlerts: falseAlerts(spec, hours, baselineTimes),
    checks: replay.checks,
  };
}

/** Runs store `spec` over every window of `options`. */
export function runFeedStore(spec: StoreSpec, options: FeedOptions): StoreFeedResult {
  const result: StoreFeedResult = {
    id: spec.id, archetype: spec.archetype, timeZone: spec.timeZone,
    storeWeeks: 0, outages: [], modelAlerts: [], baselineAlerts: [], checks: 0,
  };
  options.windowStarts.forEach((_, w) => {
    const window = runWindow(spec, options, w);
    result.storeWeeks += window.storeWeeks;
    result.outages.push(...window.outages);
    result.modelAlerts.push(...window.modelAlerts);
    result.baselineAlerts.push(...window.baselineAlerts);
    result.checks += window.checks;
  });
  return result;
}
