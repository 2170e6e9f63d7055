/**
 * The silent-feed decision: no sale since the last one, while the hourly
 * transactions model expected enough sales that none is implausible. Pure,
 * so the location object, the feed benchmark and unit tests run one code.
 */
import { knownEvents } from "../domain/known-events";
import { knownOpen } from "../domain/known-open";
import type { LocationProfile } from "../domain/location";
import type { ModelArtifact } from "../model/artifact";
import {
  bucketMoments,
  predict,
  predictPartial,
  sumPredictions,
} from "../model/predict";
import { probabilityAtOrBelow } from "../model/stats/count-distribution";
import type { Prediction } from "../model/types";
import { hourBucketStart, TIME } from "../time/zone";

/** A feed is silent below this chance of seeing no sale at all. */
export const SILENCE_ALARM_P = 1e-4;
/** Maximum look-back of the check, because older silence is already alerted. */
export const SILENCE_LOOKBACK_MS = 24 * TIME.HOUR_MS;
/** Bounds of the delay between two checks of a live location. */
export const MIN_CHECK_INTERVAL_MS = TIME.MINUTE_MS;
export const MAX_CHECK_INTERVAL_MS = 15 * TIME.MINUTE_MS;

/** The location facts that decide whether an hour is closed, and its events. */
type ScheduleFacts = Pick<
  LocationProfile,
  | "timezone"
  | "schedule"
  | "closedOnPublicHolidays"
  | "country"
  | "subdivision"
  | "eventDays"
>;

/** Input of the silence check for one location at one instant. */
export interface SilenceInput {
  /** The live hourly transactions model, or null when there is none. */
  model: ModelArtifact | null;
  profile: ScheduleFacts;
  /** Event time of the last sale received, or null when none was. */
  lastSaleMs: number | null;
  /** When the location started sending live events. */
  liveSinceMs: number;
  nowMs: number;
}

/** The outcome of one silence check. */
export interface SilenceVerdict {
  silent: boolean;
  /** Start of the silent span: the last sale, capped by the look-back. */
  fromMs: number;
  /** Expected sales over the span; 0 without a model. */
  expected: number;
  /** Chance of no sale over the span; null when none was expected. */
  pValue: number | null;
  prediction: Prediction | null;
}

function nextHourStart(timeZone: string, startMs: number): number {
  return hourBucketStart(timeZone, startMs + TIME.HOUR_MS);
}

/**
 * Predicts a metric over [fromMs, toMs) from its hourly model: whole hours
 * and the covered parts of the first and last, with hours the location is
 * known to be closed counted as expected zeros. Returns null when the span
 * covers no time.
 */
export function predictHourlySpan(
  model: ModelArtifact,
  profile: SilenceInput["profile"],
  fromMs: number,
  toMs: number,
): Prediction | null {
  const tz = profile.timezone;
  const parts: Prediction[] = [];
  const first = hourBucketStart(tz, fromMs);
  for (let start = first; start < toMs; start = nextHourStart(tz, start)) {
    const end = nextHourStart(tz, start);
    const covered = Math.min(end, toMs) - Math.max(start, fromMs);
    if (covered <= 0) continue;
    // Declared event days (a campus break, a promotion) shape the expected
    // rate; without them a known quiet spell is expected at the usual level.
    const events = knownEvents(profile, start);
    const prediction = predict(model, start, { open: knownOpen(profile, start), events });
    parts.push(predictPartial(prediction, covered / (end - start)));
  }
  return parts.length > 0 ? sumPredictions(parts) : null;
}

/** Decides whether the feed of a live location is silent at `nowMs`. */
export function silenceVerdict(input: SilenceInput): SilenceVerdict {
  const { model, profile, nowMs } = input;
  const fromMs = Math.max(
    input.lastSaleMs ?? input.liveSinceMs,
    nowMs - SILENCE_LOOKBACK_MS,
  );
  const quiet = { silent: false, fromMs, expected: 0, pValue: null };
  if (!model) return { ...quiet, prediction: null };
  const prediction = predictHourlySpan(model, profile, fromMs, nowMs);
  if (!prediction || prediction.mean <= 0) return { ...quiet, prediction };

  const moments = bucketMoments(prediction.distribution);
  const pValue = probabilityAtOrBelow(moments, 0);
  return {
    silent: pValue < SILENCE_ALARM_P,
    fromMs,
    expected: prediction.mean,
    pValue,
    prediction,
  };
}

/**
 * Returns the delay before the next silence check: about one expected sale
 * over the coming hour, between one and fifteen minutes, so a busy store
 * is checked every minute and a quiet or closed one every fifteen.
 */
export function checkIntervalMs(
  input: Pick<SilenceInput, "model" | "profile" | "nowMs">,
): number {
  const { model, profile, nowMs } = input;
  const hour = model
    ? predictHourlySpan(model, profile, nowMs, nowMs + TIME.HOUR_MS)
    : null;
  const perMinute = (hour?.mean ?? 0) / 60;
  const interval =
    perMinute > 0 ? TIME.MINUTE_MS / perMinute : MAX_CHECK_INTERVAL_MS;
  return Math.min(
    MAX_CHECK_INTERVAL_MS,
    Math.max(MIN_CHECK_INTERVAL_MS, interval),
  );
}
