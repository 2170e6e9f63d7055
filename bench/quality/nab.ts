/**
 * The scoring method of the Numenta Anomaly Benchmark (NAB). Each labelled
 * anomaly has a window, and the first detection inside it earns a
 * sigmoid-weighted reward that is larger the earlier it comes. Detections
 * outside windows are penalised, less so right after a window, and a
 * window with no detection costs a miss. Scores are normalised so that no
 * detections is 0 and a perfect detector is 100.
 */

/** Weights of one application profile. */
export interface NabProfile {
  name: string;
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
}

export const NAB_PROFILES: NabProfile[] = [
  { name: "standard", truePositive: 1, falsePositive: 0.11, falseNegative: 1 },
  { name: "low_fp", truePositive: 1, falsePositive: 0.22, falseNegative: 1 },
  { name: "low_fn", truePositive: 1, falsePositive: 0.11, falseNegative: 2 },
];

/** A labelled window [startMs, endMs). */
export interface NabWindow {
  startMs: number;
  endMs: number;
}

/** Scaled sigmoid: about 1 at the window start, 0 at its end, -1 far after. */
function sigmoid(relativePosition: number): number {
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

/** Raw NAB score of one series for one profile. */
export function rawScore(
  windows: NabWindow[],
  detectionsMs: number[],
  profile: NabProfile,
): number {
  const sorted = [...windows].sort((a, b) => a.startMs - b.startMs);
  const hit = new Array(sorted.length).fill(false);
  let score = 0;
  for (const t of [...detectionsMs].sort((a, b) => a - b)) {
    const w = sorted.findIndex((x) => t >= x.startMs && t < x.endMs);
    if (w >= 0) {
      if (hit[w]) continue; // Only the first detection in a window counts.
      hit[w] = true;
      const length = sorted[w].endMs - sorted[w].startMs;
      const position = (t - sorted[w].endMs) / length; // -1 at start, 0 at end
      score += profile.truePositive * sigmoid(position);
      continue;
    }
    const previous = [...sorted].reverse().find((x) => x.endMs <= t);
    if (!previous) {
      score -= profile.falsePositive;
      continue;
    }
    const length = previous.endMs - previous.startMs;
    // sigmoid is negative after a window: near 0 just after, -1 far away.
    score += profile.falsePositive * sigmoid((t - previous.endMs) / length);
  }
  const missed = hit.filter((h) => !h).length;
  return score - profile.falseNegative * missed;
}

/** Normalised NAB score (0 = no detections, 100 = perfect) over many series. */
export function normalisedScore(
  series: { windows: NabWindow[]; detectionsMs: number[] }[],
  profile: NabProfile,
): number {
  let raw = 0;
  let none = 0;
  let perfect = 0;
  for (const s of series) {
    raw += rawScore(s.windows, s.detectionsMs, profile);
    none -= profile.falseNegative * s.windows.length;
    perfect += profile.truePositive * s.windows.length * sigmoid(-1);
  }
  if (perfect === none) return 0;
  return (100 * (raw - none)) / (perfect - none);
}

/**
 * NAB window of a labelled incident: 10% of the series length divided by
 * the number of incidents, centred on the incident start, and never shorter
 * than the incident itself.
 */
export function nabWindows(
  incidents: { startMs: number; endMs: number }[],
  seriesStartMs: number,
  seriesEndMs: number,
): NabWindow[] {
  if (incidents.length === 0) return [];
  const length = (0.1 * (seriesEndMs - seriesStartMs)) / incidents.length;
  return incidents.map((i) => ({
    startMs: i.startMs - length / 2,
    endMs: Math.max(i.startMs + length / 2, i.endMs),
  }));
}
