/**
 * The synthetic fleet: stores drawn from the archetypes with their own
 * level, noise, trend and time zone, some with a renovation, each with
 * labelled incidents spread over the period.
 */
import { addDays, dayStart, hourBucketStart, localParts, TIME } from "../time/zone";
import { ARCHETYPE_NAMES, ARCHETYPES } from "./archetypes";
import { INCIDENT_KINDS, type Incident, type IncidentKind } from "./incidents";
import { Random } from "./random";
import { hourTruth, type StoreSpec } from "./store";

/** Mean days between the starts of two incidents at one store. */
const MEAN_DAYS_BETWEEN_INCIDENTS = 14;
/** Quiet days after an incident before the next may start. */
const INCIDENT_GAP_DAYS = 3;
/** Share of stores that close for a renovation and reopen at a new level. */
const RENOVATION_SHARE = 0.08;
/** Relative frequency of each incident kind. */
const KIND_WEIGHTS: Record<IncidentKind, number> = {
  short_dip: 0.3,
  day_dip: 0.2,
  feed_outage: 0.2,
  double_posting: 0.15,
  slow_decline: 0.15,
};

/** What fleet to build. */
export interface FleetOptions {
  seed: number;
  stores: number;
  /** First local date of the period, `YYYY-MM-DD`. */
  startDate: string;
  days: number;
  /** Incidents start no earlier than this many days into the period. */
  incidentsFromDay?: number;
}

function logUniform(random: Random, [low, high]: [number, number]): number {
  return Math.exp(random.between(Math.log(low), Math.log(high)));
}

/** Builds the stores of a fleet, cycling through the archetypes. */
export function createFleet(options: FleetOptions): StoreSpec[] {
  const random = new Random(options.seed);
  const stores: StoreSpec[] = [];
  for (let i = 0; i < options.stores; i++) {
    const name = ARCHETYPE_NAMES[i % ARCHETYPE_NAMES.length];
    const archetype = ARCHETYPES[name];
    const place = random.pick(archetype.places);
    const spec: StoreSpec = {
      id: `store-${String(i + 1).padStart(4, "0")}`,
      archetype: name,
      timeZone: place.timeZone,
      country: place.country,
      seed: random.integer(1, 2 ** 31 - 2),
      dailyTotal: logUniform(random, archetype.dailyTotal),
      originDate: options.startDate,
      trendPerYear: random.between(-0.08, 0.12),
      daySd: random.between(...archetype.daySd),
      alpha: random.between(...archetype.alpha),
      ticket: Math.round(random.between(...archetype.ticket)),
      renovation: null,
      incidents: [],
    };
    if (random.next() < RENOVATION_SHARE) {
      const closedFrom = addDays(options.startDate, random.integer(
        Math.floor(options.days * 0.5), Math.floor(options.days * 0.8),
      ));
      spec.renovation = {
        closedFrom,
        reopens: addDays(closedFrom, random.integer(14, 28)),
        levelFactor: random.pick([1.4, 0.75]),
      };
    }
    spec.incidents = sampleIncidents(spec, random, options);
    stores.push(spec);
  }
  return stores;
}

function pickKind(random: Random): IncidentKind {
  let u = random.next();
  for (const kind of INCIDENT_KINDS) {
    u -= KIND_WEIGHTS[kind];
    if (u <= 0) return kind;
  }
  return "short_dip";
}

/** First open hour at or after `fromMs`, searching up to a week. */
function nextOpenHour(spec: StoreSpec, fromMs: number): number | null {
  let t = hourBucketStart(spec.timeZone, fromMs);
  for (let i = 0; i < 24 * 7; i++) {
    if (hourTruth(spec, t).open) return t;
    t = hourBucketStart(spec.timeZone, t + TIME.HOUR_MS);
  }
  return null;
}

function sampleIncidents(spec: StoreSpec, random: Random, options: FleetOptions) {
  const incidents: Incident[] = [];
  const periodStart = dayStart(spec.timeZone, options.startDate);
  const periodEnd = periodStart + options.days * TIME.DAY_MS;
  let cursor = periodStart + (options.incidentsFromDay ?? 7) * TIME.DAY_MS;
  for (;;) {
    cursor += -Math.log(random.next()) * MEAN_DAYS_BETWEEN_INCIDENTS * TIME.DAY_MS;
    const start = nextOpenHour(spec, cursor);
    if (start === null || start >= periodEnd) break;
    const incident = shapeIncident(spec, random, start, incidents.length + 1);
    if (incident.endMs >= periodEnd) break;
    incidents.push(incident);
    cursor = incident.endMs + INCIDENT_GAP_DAYS * TIME.DAY_MS;
  }
  return incidents;
}

function shapeIncident(spec: StoreSpec, random: Random, start: number, n: number): Incident {
  const kind = pickKind(random);
  const id = `${spec.id}-i${n}`;
  const hours = (h: number) => start + h * TIME.HOUR_MS;
  switch (kind) {
    case "short_dip":
      return { id, kind, startMs: start, endMs: hours(random.integer(1, 4)), factor: random.between(0, 0.6) };
    case "day_dip": {
      const date = localParts(spec.timeZone, start).date;
      const from = dayStart(spec.timeZone, date);
      return {
        id, kind,
        startMs: from,
        endMs: dayStart(spec.timeZone, addDays(date, 1)),
        factor: random.between(0.4, 0.8),
      };
    }
    case "feed_outage":
      return { id, kind, startMs: start, endMs: hours(random.integer(2, 12)), factor: 0 };
    case "double_posting":
      return { id, kind, startMs: start, endMs: hours(random.integer(1, 3)), factor: 2 };
    case "slow_decline":
      return {
        id, kind,
        startMs: start,
        endMs: start + random.integer(7, 14) * TIME.DAY_MS,
        factor: random.between(0.4, 0.7),
      };
  }
}
