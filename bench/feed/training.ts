/**
 * The live model a simulated store would have over a held-out window: a
 * fit on its backfilled history at the start, then the production weekly
 * retrain on that history plus the hours the window has traded so far.
 */
import { knownOpen } from "../../src/domain/known-open";
import type { LocationProfile } from "../../src/domain/location";
import {
  retrain,
  RETRAIN_INTERVAL_DAYS,
  TRAINING_WINDOW_DAYS,
  type ModelArtifact,
  type ModelSettings,
  type TrainingPoint,
} from "../../src/model";
import { generateSeries, type StoreSpec } from "../../src/simulation";
import { TIME } from "../../src/time/zone";
import type { TradingHour } from "./trading";

/** The models in force over a window, each from its retrain time on. */
export interface ModelTimeline {
  fromMs: number[];
  models: ModelArtifact[];
}

/** Returns the model in force at `atMs`, or null before the first. */
export function modelAt(timeline: ModelTimeline, atMs: number): ModelArtifact | null {
  let found: ModelArtifact | null = null;
  for (let i = 0; i < timeline.fromMs.length && timeline.fromMs[i] <= atMs; i++) {
    found = timeline.models[i];
  }
  return found;
}

/**
 * Backfilled hours before `untilMs`, as the simulator exports them: with
 * the true open flag and the chain's calendar events.
 */
export function historyBefore(spec: StoreSpec, untilMs: number): TrainingPoint[] {
  const fromMs = untilMs - TRAINING_WINDOW_DAYS.hour * TIME.DAY_MS;
  return generateSeries(spec, fromMs, untilMs, "count").rows.map((r) => ({
    startMs: r.startMs,
    value: r.value,
    open: r.open,
    events: r.events,
  }));
}

/**
 * Live hours carry no open flag, so the trainer takes it from the
 * declared hours, as it does for buckets filled by ingest.
 */
function liveHours(profile: LocationProfile, hours: TradingHour[]): TrainingPoint[] {
  return hours.map((h) => ({
    startMs: h.startMs,
    value: h.sales,
    open: knownOpen(profile, h.startMs),
    events: h.events,
  }));
}

/** Trains the window's models: at `startMs`, then every retrain interval. */
export function trainTimeline(
  profile: LocationProfile,
  history: TrainingPoint[],
  hours: TradingHour[],
  startMs: number,
  endMs: number,
): ModelTimeline {
  const settings: ModelSettings = {
    grain: "hour",
    kind: "count",
    timeZone: profile.timezone,
    country: profile.country,
    subdivision: profile.subdivision,
  };
  const live = liveHours(profile, hours);
  const timeline: ModelTimeline = { fromMs: [], models: [] };
  const stepMs = RETRAIN_INTERVAL_DAYS * TIME.DAY_MS;
  for (let at = startMs; at < endMs; at += stepMs) {
    const windowFrom = at - TRAINING_WINDOW_DAYS.hour * TIME.DAY_MS;
    const points = [...history, ...live]
      .filter((p) => p.startMs >= windowFrom && p.startMs + TIME.HOUR_MS <= at);
    const current = timeline.models.at(-1) ?? null;
    const outcome = retrain(points, settings, current);
    if (outcome.decision !== "promoted") continue;
    timeline.fromMs.push(at);
    timeline.models.push(outcome.model);
  }
  return timeline;
}
