/**
 * Detection quality of one detector over a set of labelled series: incident
 * recall (all, and detectable only), detection delay, false alerts per
 * store-week, and NAB scores.
 */
import { NAB_PROFILES, nabWindows, normalisedScore } from "./nab";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A labelled incident as the evaluation needs it. */
export interface EvalIncident {
  id: string;
  kind: string;
  startMs: number;
  endMs: number;
  detectable: boolean;
}

/** One series as scored by one detector. */
export interface EvalSeries {
  id: string;
  /** Bucket starts and whether an anomaly was open after each. */
  startMs: number[];
  isAnomaly: boolean[];
  incidents: EvalIncident[];
  /** Spans in which an alert is expected and neither hit nor false (a level shift). */
  excused: { startMs: number; endMs: number }[];
  /** Evaluated period [fromMs, toMs). */
  fromMs: number;
  toMs: number;
}

/** Summary of one detector. */
export interface Quality {
  incidents: number;
  detectable: number;
  recallAll: number;
  recallDetectable: number;
  medianDelayHours: number | null;
  alerts: number;
  falseAlerts: number;
  excusedAlerts: number;
  storeWeeks: number;
  falseAlertsPerStoreWeek: number;
  nab: Record<string, number>;
  byKind: Record<string, { incidents: number; detectable: number; caught: number }>;
  /** Openings of false alerts, for inspection. */
  falseAlertOpenings: { series: string; atMs: number }[];
}

/** Alert openings: first bucket of each run of open anomaly flags. */
export function alertOpenings(series: EvalSeries): number[] {
  const openings: number[] = [];
  for (let i = 0; i < series.startMs.length; i++) {
    const t = series.startMs[i];
    if (t < series.fromMs || t >= series.toMs) continue;
    if (series.isAnomaly[i] && !(i > 0 && series.isAnomaly[i - 1])) openings.push(t);
  }
  return openings;
}

/** Evaluates a detector; `graceMs` extends each incident for late alerts. */
export function evaluate(series: EvalSeries[], graceMs: number): Quality {
  let incidents = 0, detectable = 0, caughtAll = 0, caughtDetectable = 0;
  let alerts = 0, falseAlerts = 0, excusedAlerts = 0, storeDays = 0;
  const delays: number[] = [];
  const byKind: Quality["byKind"] = {};
  const falseAlertOpenings: Quality["falseAlertOpenings"] = [];
  for (const s of series) {
    const openings = alertOpenings(s);
    storeDays += (s.toMs - s.fromMs) / DAY_MS;
    alerts += openings.length;
    const inScope = s.incidents.filter((i) => i.startMs >= s.fromMs && i.startMs < s.toMs);
    for (const incident of inScope) {
      const hit = openings.find((t) => t >= incident.startMs && t < incident.endMs + graceMs);
      const kind = (byKind[incident.kind] ??= { incidents: 0, detectable: 0, caught: 0 });
      kind.incidents++;
      incidents++;
      if (incident.detectable) { detectable++; kind.detectable++; }
      if (hit === undefined) continue;
      caughtAll++;
      if (incident.detectable) {
        caughtDetectable++;
        kind.caught++;
        delays.push((hit - incident.startMs) / HOUR_MS);
      }
    }
    for (const t of openings) {
      const explained = s.incidents.some((i) => t >= i.startMs && t < i.endMs + graceMs);
      if (explained) continue;
      if (s.excused.some((e) => t >= e.startMs && t < e.endMs)) { excusedAlerts++; continue; }
      falseAlerts++;
      falseAlertOpenings.push({ series: s.id, atMs: t });
    }
  }
  const storeWeeks = storeDays / 7;
  delays.sort((a, b) => a - b);
  return {
    incidents,
    detectable,
    recallAll: incidents > 0 ? caughtAll / incidents : 0,
    recallDetectable: detectable > 0 ? caughtDetectable / detectable : 0,
    medianDelayHours: delays.length > 0 ? delays[delays.length >> 1] : null,
    alerts,
    falseAlerts,
    excusedAlerts,
    storeWeeks,
    falseAlertsPerStoreWeek: storeWeeks > 0 ? falseAlerts / storeWeeks : 0,
    nab: nabScores(series),
    byKind,
    falseAlertOpenings,
  };
}

function nabScores(series: EvalSeries[]): Record<string, number> {
  const inputs = series.map((s) => ({
    windows: nabWindows(
      s.incidents.filter((i) => i.startMs >= s.fromMs && i.startMs < s.toMs),
      s.fromMs,
      s.toMs,
    ),
    detectionsMs: alertOpenings(s),
  }));
  return Object.fromEntries(NAB_PROFILES.map((p) => [p.name, normalisedScore(inputs, p)]));
}
