import type { Severity } from "../../src/alerts/alert-event";
import { formatChance } from "../../src/alerts/summary";
import type { LocationProfile } from "../../src/domain/location";
import { knownEvents } from "../../src/domain/known-events";
import { knownOpen } from "../../src/domain/known-open";
import type { Metric } from "../../src/domain/metrics";
import {
  bucketMoments,
  predict,
  predictPartial,
  type Prediction,
} from "../../src/model";
import {
  checkIntervalMs as silenceCheckIntervalMs,
  predictHourlySpan,
  silenceVerdict,
} from "../../src/detection/feed-silence";
import { probabilityAtOrBelow } from "../../src/model/stats/count-distribution";
import { incompleteGammaLower } from "../../src/model/stats/special";
import { hourBucketStart, TIME } from "../../src/time/zone";
import { nextBucketStart } from "./clock";
import { readTenderRuns } from "./ingest";
import type { LiveModel } from "./scoring";

/** An integration check is failing below this chance of the observation. */
export const FEED_ALARM_P = 1e-4;
/** An error spike clears once the last hour is this plausible again. */
const ERROR_CLEAR_P = 1e-2;
/** A heartbeat gap shorter than this is never a loss. */
const MIN_HEARTBEAT_GAP_MS = 15 * TIME.MINUTE_MS;
/** A register gap shorter than this is never a silent register. */
const MIN_REGISTER_GAP_MS = 30 * TIME.MINUTE_MS;
/** Other registers count as active when they sent an event this recently. */
const REGISTER_ACTIVE_MS = 10 * TIME.MINUTE_MS;
/** Minimum events of a register before its gaps are judged. */
const MIN_REGISTER_EVENTS = 10;
/**
 * The part of the open hour must be this implausible to call a dip before
 * the hour closes: the check runs up to 60 times an hour, so it is far
 * stricter than the closed-bucket windows.
 */
const EARLY_DIP_P = 1e-6;
/** and at least this much below expected, so small shortfalls wait. */
const EARLY_DIP_MIN_DROP = 0.5;
/** and at least this share of the hour must have passed. */
const EARLY_DIP_MIN_FRACTION = 0.25;
/** Minimum errors in an hour that can be a spike. */
const MIN_SPIKE_ERRORS = 5;

/** The verdict of one integration check at one instant. */
export interface FeedSignal {
  type: "feed_silent" | "heartbeat_lost" | "tender_collapse" | "register_silent" | "error_spike" | "sales_dip";
  /** Episode key: the type, plus the tender or register it is about. */
  key: string;
  firing: boolean;
  metric: Metric;
  startedMs: number;
  expected: number;
  actual: number;
  lower: number;
  upper: number;
  windowMinutes: number;
  pValue: number | null;
  severity: Severity;
  summary: string;
  context: Record<string, unknown>;
}

interface CheckInput {
  sql: SqlStorage;
  profile: LocationProfile;
  models: Map<string, LiveModel>;
  nowMs: number;
}

function lastEventMs(sql: SqlStorage, type: string): number | null {
  const row = sql.exec<{ at_ms: number }>("SELECT at_ms FROM last_events WHERE type = ?", type).toArray()[0];
  return row?.at_ms ?? null;
}

function minutes(ms: number): number {
  return Math.max(0, Math.round(ms / TIME.MINUTE_MS));
}

/**
 * Predicts the metric over [fromMs, toMs) from its live hourly model: whole
 * hours and the elapsed parts of the first and last, closed hours counted
 * as expected zeros. Returns null when the metric has no hourly model.
 */
export function predictSpan(input: CheckInput, metric: Metric, fromMs: number, toMs: number): Prediction | null {
  const model = input.models.get(`${metric}:hour`);
  if (!model) return null;
  return predictHourlySpan(model.artifact, input.profile, fromMs, toMs);
}

function clear(type: FeedSignal["type"], key: string, metric: Metric): FeedSignal {
  return {
    type, key, firing: false, metric, startedMs: 0, expected: 0, actual: 0, lower: 0, upper: 0,
    windowMinutes: 0, pValue: null, severity: "minor", summary: "", context: {},
  };
}

/**
 * No sale while the model expected enough of them that none is implausible.
 * Once called, the silence stays called until a sale arrives, even when the look-back
 * window has slid into closed hours.
 */
function checkSilence(input: CheckInput, liveSinceMs: number, held: FeedSignal | null): FeedSignal {
  const { sql, nowMs } = input;
  const lastSale = lastEventMs(sql, "sale");
  if (held && (lastSale ?? 0) < held.startedMs) return { ...held, windowMinutes: minutes(nowMs - held.startedMs) };
  const verdict = silenceVerdict({
    model: input.models.get("transactions:hour")?.artifact ?? null,
    profile: input.profile,
    lastSaleMs: lastSale,
    liveSinceMs,
    nowMs,
  });
  const { prediction, pValue: p, fromMs } = verdict;
  if (!verdict.silent || !prediction || p === null) return clear("feed_silent", "feed_silent", "transactions");
  const lastAny = Math.max(lastSale ?? 0, lastEventMs(sql, "heartbeat") ?? 0, lastEventMs(sql, "error") ?? 0);
  const expected = Math.round(prediction.mean);
  return {
    type: "feed_silent",
    key: "feed_silent",
    firing: true,
    metric: "transactions",
    startedMs: fromMs,
    expected: prediction.mean,
    actual: 0,
    lower: prediction.lower,
    upper: prediction.upper,
    windowMinutes: minutes(nowMs - fromMs),
    pValue: p,
    severity: expected >= 50 ? "critical" : "major",
    summary: `0 sales in ${minutes(nowMs - fromMs)} minutes, about ${expected} expected, chance ${formatChance(p)}.`,
    context: {
      lastSaleAt: lastSale ? new Date(lastSale).toISOString() : null,
      lastEventAt: lastAny > 0 ? new Date(lastAny).toISOString() : null,
      expectedSince: expected,
    },
  };
}

/** Heartbeats stopped at a location that sends them steadily. */
function checkHeartbeats(input: CheckInput): FeedSignal {
  const { sql, nowMs, profile } = input;
  const none = clear("heartbeat_lost", "heartbeat_lost", "heartbeats");
  const recent = sql
    .exec<{ heartbeats: number }>(
      "SELECT heartbeats FROM buckets WHERE closed = 1 AND start_ms >= ? ORDER BY start_ms",
      nowMs - TIME.DAY_MS,
    )
    .toArray();
  const withBeats = recent.filter((b) => b.heartbeats > 0);
  const last = lastEventMs(sql, "heartbeat");
  if (last === null || withBeats.length < 12) return none;
  const alwaysOn = withBeats.length >= 20;
  if (!alwaysOn && knownOpen(profile, hourBucketStart(profile.timezone, nowMs)) === false) return none;
  const perHour = withBeats.reduce((sum, b) => sum + b.heartbeats, 0) / withBeats.length;
  const intervalMs = TIME.HOUR_MS / Math.max(perHour, 1e-3);
  const allowedMs = Math.max(MIN_HEARTBEAT_GAP_MS, 4 * intervalMs);
  const gapMs = nowMs - last;
  if (gapMs <= allowedMs) return none;
  return {
    ...none,
    firing: true,
    startedMs: last,
    expected: gapMs / intervalMs,
    windowMinutes: minutes(gapMs),
    severity: "major",
    summary: `No heartbeat for ${minutes(gapMs)} minutes; this location normally sends one every ${Math.max(1, minutes(intervalMs))} minutes.`,
    context: { lastHeartbeatAt: new Date(last).toISOString(), usualIntervalMinutes: minutes(intervalMs) },
  };
}

/** Checks for one tender vanishing while sales in the other go on. */
function checkTender(input: CheckInput, tender: "card" | "cash"): FeedSignal {
  const key = `tender_collapse:${tender}`;
  const metric: Metric = tender === "card" ? "card_transactions" : "cash_transactions";
  const none = clear("tender_collapse", key, metric);
  const runs = readTenderRuns(input.sql);
  const since = tender === "card" ? runs.sinceCard : runs.sinceCash;
  if (since < 5) return none;
  const hourStart = hourBucketStart(input.profile.timezone, input.nowMs);
  const tenderSpan = predictSpan(input, metric, hourStart, hourStart + TIME.HOUR_MS);
  const allSpan = predictSpan(input, "transactions", hourStart, hourStart + TIME.HOUR_MS);
  if (!tenderSpan || !allSpan || allSpan.mean <= 0) return none;
  const share = Math.min(0.99, tenderSpan.mean / allSpan.mean);
  if (share < 0.2) return none;
  const p = (1 - share) ** since;
  if (p >= FEED_ALARM_P) return none;
  // Every sale starts a run that could grow this long by chance, so the
  // threshold is divided by the sales of a day. Without that, a busy store
  // gets a run of 1 in 10,000 every few days of normal trading.
  const day = predictSpan(input, "transactions", input.nowMs - TIME.DAY_MS, input.nowMs);
  if (p >= FEED_ALARM_P / Math.max(1, day?.mean ?? 1)) return none;
  const last = lastEventMs(input.sql, "sale");
  return {
    ...none,
    firing: true,
    startedMs: last ?? input.nowMs,
    expected: share * since,
    actual: 0,
    upper: since,
    pValue: p,
    severity: "major",
    summary: `0 ${tender} sales in the last ${since} sales (normally ${Math.round(share * 100)}% ${tender}), chance ${formatChance(p)}.`,
    context: { tender, salesSince: since, usualShare: Number(share.toFixed(3)) },
  };
}

/** Registers silent for far longer than usual while others keep selling. */
function checkRegisters(input: CheckInput): FeedSignal[] {
  const { sql, nowMs, profile } = input;
  const registers = sql
    .exec<{ register: string; first_ms: number; last_ms: number; events: number }>(
      "SELECT register, first_ms, last_ms, events FROM registers",
    )
    .toArray();
  const signals: FeedSignal[] = [];
  const open = knownOpen(profile, hourBucketStart(profile.timezone, nowMs)) !== false;
  for (const register of registers) {
    const key = `register_silent:${register.register}`;
    const none = clear("register_silent", key, "transactions");
    const othersActive = registers.some((r) => r.register !== register.register && nowMs - r.last_ms < REGISTER_ACTIVE_MS);
    const gapMs = nowMs - register.last_ms;
    if (!open || !othersActive || register.events < MIN_REGISTER_EVENTS || gapMs > TIME.DAY_MS) {
      signals.push(none);
      continue;
    }
    const usualGapMs = (register.last_ms - register.first_ms) / (register.events - 1);
    const allowedMs = Math.max(MIN_REGISTER_GAP_MS, 8 * usualGapMs);
    signals.push(
      gapMs <= allowedMs
        ? none
        : {
            ...none,
            firing: true,
            startedMs: register.last_ms,
            windowMinutes: minutes(gapMs),
            severity: "minor",
            summary: `Register ${register.register} sent nothing for ${minutes(gapMs)} minutes while other registers kept selling.`,
            context: { register: register.register, lastEventAt: new Date(register.last_ms).toISOString() },
          },
    );
  }
  return signals;
}

/**
 * Integration errors far above the location's own rate over the last hour.
 * Errors are counted per hourly bucket, so the window is the bucket that
 * contains the instant an hour ago through now: one to two hours. A window
 * of the buckets that started in the last hour would hold only the new
 * bucket just after an hour closes, and a spike running across the hour
 * would resolve and open again.
 */
function checkErrors(input: CheckInput, wasFiring: boolean): FeedSignal {
  const { sql, nowMs } = input;
  const none = clear("error_spike", "error_spike", "errors");
  const windowStartMs = hourBucketStart(input.profile.timezone, nowMs - TIME.HOUR_MS);
  const weekAgo = nowMs - 7 * TIME.DAY_MS;
  const history = sql
    .exec<{ total: number | null; hours: number }>(
      "SELECT sum(errors) AS total, count(*) AS hours FROM buckets WHERE closed = 1 AND start_ms >= ? AND start_ms < ?",
      weekAgo,
      windowStartMs,
    )
    .toArray()[0];
  const ratePerHour = Math.max(0.1, (history?.total ?? 0) / Math.max(history?.hours ?? 0, 24));
  const recent = sql
    .exec<{ errors: number | null; first: number | null }>(
      "SELECT sum(errors) AS errors, min(CASE WHEN errors > 0 THEN start_ms END) AS first FROM buckets WHERE start_ms >= ?",
      windowStartMs,
    )
    .toArray()[0];
  const count = recent?.errors ?? 0;
  const expected = ratePerHour * Math.max(1, (nowMs - windowStartMs) / TIME.HOUR_MS);
  const p = count > 0 ? incompleteGammaLower(count, expected) : 1;
  const firing = wasFiring ? p < ERROR_CLEAR_P : count >= MIN_SPIKE_ERRORS && p < FEED_ALARM_P;
  if (!firing) return none;
  const codes = sql
    .exec<{ code: string; count: number }>(
      "SELECT code, sum(count) AS count FROM error_codes WHERE start_ms >= ? GROUP BY code ORDER BY count DESC LIMIT 5",
      windowStartMs,
    )
    .toArray();
  const windowMinutes = Math.round((nowMs - windowStartMs) / TIME.MINUTE_MS);
  return {
    ...none,
    firing: true,
    startedMs: recent?.first ?? windowStartMs,
    expected,
    actual: count,
    windowMinutes,
    pValue: p,
    severity: count >= 20 * expected ? "critical" : "major",
    summary: `${count} integration errors in the last ${windowMinutes} minutes, about ` +
      `${Math.max(1, Math.round(expected))} usual, chance ${formatChance(p)}.`,
    context: { errorCodes: Object.fromEntries(codes.map((c) => [c.code, c.count])) },
  };
}

/**
 * Checks for a severe shortfall in the hour still open, judged on the part
 * of the hour that has passed. A shortfall to exactly nothing is left to
 * the silence check. An anomaly it opens is merged with the one the hourly
 * detector opens when the hour closes.
 */
function checkEarlyDip(input: CheckInput): FeedSignal {
  const { sql, nowMs, profile } = input;
  const none = clear("sales_dip", "sales_dip", "transactions");
  const start = hourBucketStart(profile.timezone, nowMs);
  const end = nextBucketStart(profile.timezone, start);
  const fraction = (nowMs - start) / (end - start);
  const model = input.models.get("transactions:hour");
  if (!model || fraction < EARLY_DIP_MIN_FRACTION) return none;
  const open = knownOpen(profile, start);
  if (open === false) return none;
  const row = sql.exec<{ transactions: number }>("SELECT transactions FROM buckets WHERE start_ms = ?", start).toArray()[0];
  const actual = row?.transactions ?? 0;
  const events = knownEvents(profile, start);
  const prediction = predictPartial(predict(model.artifact, start, { open, events }), fraction);
  if (actual === 0 || prediction.mean <= 0 || actual > prediction.mean * (1 - EARLY_DIP_MIN_DROP)) return none;
  const p = probabilityAtOrBelow(bucketMoments(prediction.distribution), actual);
  if (p >= EARLY_DIP_P) return none;
  const drop = Math.round((1 - actual / prediction.mean) * 100);
  return {
    ...none,
    firing: true,
    startedMs: start,
    expected: prediction.mean,
    actual,
    lower: prediction.lower,
    upper: prediction.upper,
    windowMinutes: minutes(nowMs - start),
    pValue: p,
    severity: drop >= 80 ? "critical" : "major",
    summary: `Transactions ${drop}% below normal so far this hour: ${actual} against about ${Math.round(prediction.mean)} expected (chance ${formatChance(p)}).`,
    context: { early: true },
  };
}

/** Runs every integration check of a live location at `nowMs`. */
export function evaluateFeed(
  input: CheckInput,
  liveSinceMs: number,
  firing: Map<string, FeedSignal>,
): FeedSignal[] {
  return [
    checkSilence(input, liveSinceMs, firing.get("feed_silent") ?? null),
    checkHeartbeats(input),
    checkTender(input, "card"),
    checkTender(input, "cash"),
    ...checkRegisters(input),
    checkErrors(input, firing.has("error_spike")),
    checkEarlyDip(input),
  ];
}

/**
 * Returns how long to wait before the next check: long enough for about
 * one sale to be expected, between one and fifteen minutes, so a busy store
 * is checked every minute and a quiet one rarely.
 */
export function checkIntervalMs(input: CheckInput): number {
  const model = input.models.get("transactions:hour")?.artifact ?? null;
  return silenceCheckIntervalMs({ model, profile: input.profile, nowMs: input.nowMs });
}
