/** Builders of hourly histories for the model tests. */
import type { ModelArtifact, TrainingPoint } from "../../src/model";
import { createDetectorState, defaultDetectorSettings, observeBucket } from "../../src/detection";
import type { Transition } from "../../src/detection";
import { predict } from "../../src/model";
import { Random } from "../../src/simulation";
import { dayStart, hourBucketStart, localParts, TIME, type LocalParts } from "../../src/time/zone";

/** Expected value of an hour from its local parts; 0 means closed. */
export type RateOf = (local: LocalParts, startMs: number) => number;

/** Hourly points from `fromDate` for `days` days, Poisson around `rate`. */
export function hourlyPoints(
  timeZone: string,
  fromDate: string,
  days: number,
  rate: RateOf,
  seed = 1,
  knownClosed = false,
): TrainingPoint[] {
  const random = new Random(seed);
  const points: TrainingPoint[] = [];
  const endMs = dayStart(timeZone, fromDate) + days * TIME.DAY_MS;
  for (let t = dayStart(timeZone, fromDate); t < endMs; t = hourBucketStart(timeZone, t + TIME.HOUR_MS)) {
    const mean = rate(localParts(timeZone, t), t);
    const open = knownClosed ? mean > 0 : null;
    points.push({ startMs: t, value: random.poisson(mean), open });
  }
  return points;
}

/** Rate of a store open 09:00-20:00 local every day, with a lunch peak. */
export const lunchShop: RateOf = (local) => {
  if (local.hour < 9 || local.hour >= 20) return 0;
  return 20 + (local.hour === 12 || local.hour === 13 ? 25 : 0);
};

/** Runs the detector over points with a fixed model and lists transitions. */
export function detect(model: ModelArtifact, points: TrainingPoint[]) {
  const settings = defaultDetectorSettings(model.grain);
  let state = createDetectorState();
  const transitions: { startMs: number; transition: Transition }[] = [];
  const flags: boolean[] = [];
  for (const point of points) {
    const prediction = predict(model, point.startMs, { open: point.open, events: point.events });
    const step = observeBucket(state, { startMs: point.startMs, actual: point.value, prediction }, settings);
    state = step.state;
    flags.push(step.isAnomaly);
    if (step.transition) transitions.push({ startMs: point.startMs, transition: step.transition });
  }
  return { transitions, opened: transitions.filter((t) => t.transition.type === "opened"), flags };
}
