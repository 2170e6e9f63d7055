/**
 * Hourly series of a synthetic store with every row's true expected value,
 * and each labelled incident's detectability: how improbable its window's
 * total is under the no-incident expectation and the generator's own noise.
 */
import type { MetricKind } from "../domain/metrics";
import { lowerP, sumWindow, upperP, type RecentBucket } from "../detection/window";
import { hourBucketStart, TIME } from "../time/zone";
import { isSpike, type Incident } from "./incidents";
import { Random } from "./random";
import { hourTruth, type StoreSpec } from "./store";

/** An incident is detectable when its window p-value is at most this. */
export const DETECTABLE_P = 1e-4;
/** Gamma shape of one ticket's amount: a skewed spread of basket sizes. */
const TICKET_SHAPE = 2;

/** One generated hour. */
export interface SeriesRow {
  startMs: number;
  value: number;
  /** True expected value: no day shock and no incident. */
  expected: number;
  /** Known to the chain: false when closed by schedule, holiday or renovation. */
  open: boolean;
  incidentId: string | null;
  localDay: number;
  events?: Record<string, 0 | 1>;
}

/** An incident with its detectability. */
export interface LabelledIncident extends Incident {
  /** p-value of the incident window's total under no incident. */
  pValue: number;
  detectable: boolean;
  /** Open hours the incident touched. */
  openHours: number;
}

/** A store's generated series and its labels. */
export interface StoreSeries {
  spec: StoreSpec;
  kind: MetricKind;
  rows: SeriesRow[];
  incidents: LabelledIncident[];
}

/** Noise of one truth bucket, as a detector window entry. */
export function truthBucket(
  spec: StoreSpec,
  row: SeriesRow,
  kind: MetricKind,
): RecentBucket {
  // A sum of N gamma tickets has variance N*ticket^2*(1 + 1/shape).
  const unit = kind === "count" ? 1 : spec.ticket * (1 + 1 / TICKET_SHAPE);
  const mean = kind === "count" ? row.expected : row.expected * spec.ticket;
  return {
    t: row.startMs,
    a: row.value,
    m: mean,
    v: unit * mean + spec.alpha * mean * mean,
    k: Math.expm1(spec.daySd * spec.daySd),
    w: 0,
    kw: 0,
    g: row.localDay,
    z: 0,
    u: unit,
  };
}

/** Generates hourly rows for [fromMs, toMs) and labels the incidents. */
export function generateSeries(
  spec: StoreSpec,
  fromMs: number,
  toMs: number,
  kind: MetricKind = "count",
): StoreSeries {
  const random = new Random(spec.seed ^ 0x2545f491);
  const rows: SeriesRow[] = [];
  for (let t = hourBucketStart(spec.timeZone, fromMs); t < toMs;
    t = hourBucketStart(spec.timeZone, t + TIME.HOUR_MS)) {
    const truth = hourTruth(spec, t);
    let value = 0;
    if (truth.open) {
      const count = random.negativeBinomial(truth.rate, spec.alpha);
      value = kind === "count" ? count : drawAmount(random, count, spec.ticket);
      if (!truth.delivered) value = 0;
    }
    rows.push({
      startMs: t,
      value,
      expected: kind === "count" ? truth.expected : truth.expected * spec.ticket,
      open: truth.open,
      incidentId: truth.incidentId,
      localDay: truth.localDay,
      ...(truth.events ? { events: truth.events } : {}),
    });
  }
  const incidents = spec.incidents
    .filter((i) => i.startMs >= fromMs && i.endMs <= toMs)
    .map((incident) => labelIncident(spec, incident, rows, kind));
  return { spec, kind, rows, incidents };
}

function drawAmount(random: Random, count: number, ticket: number): number {
  if (count === 0) return 0;
  return Math.round((random.gamma(count * TICKET_SHAPE) * ticket) / TICKET_SHAPE);
}

function labelIncident(
  spec: StoreSpec,
  incident: Incident,
  rows: SeriesRow[],
  kind: MetricKind,
): LabelledIncident {
  const inside = rows.filter(
    (r) => r.open && r.startMs >= incident.startMs && r.startMs < incident.endMs,
  );
  if (inside.length === 0) {
    return { ...incident, pValue: 1, detectable: false, openHours: 0 };
  }
  const totals = sumWindow(inside.map((r) => truthBucket(spec, r, kind)));
  const pValue = isSpike(incident.kind) ? upperP(totals) : lowerP(totals);
  return {
    ...incident,
    pValue,
    detectable: pValue <= DETECTABLE_P,
    openHours: inside.length,
  };
}
