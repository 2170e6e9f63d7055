/** Synthetic fleet generator: archetypes, stores, incidents and labelled series. */
export { ARCHETYPE_NAMES, ARCHETYPES, type Archetype, type ArchetypeName } from "./archetypes";
export { createFleet, type FleetOptions } from "./fleet";
export { incidentEffect, INCIDENT_KINDS, isSpike, type Incident, type IncidentKind } from "./incidents";
export { hashUnit, Random } from "./random";
export {
  DETECTABLE_P,
  generateSeries,
  truthBucket,
  type LabelledIncident,
  type SeriesRow,
  type StoreSeries,
} from "./series";
export { dayShock, hourTruth, type HourTruth, type Renovation, type StoreSpec } from "./store";
