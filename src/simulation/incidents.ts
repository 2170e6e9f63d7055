/**
 * Labelled incidents: what they do to a store's rate while they last. Each
 * is a real failure mode of retail feeds and tills.
 */

export const INCIDENT_KINDS = [
  "short_dip",
  "day_dip",
  "feed_outage",
  "double_posting",
  "slow_decline",
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** One labelled incident at one store. */
export interface Incident {
  id: string;
  kind: IncidentKind;
  /** UTC span [startMs, endMs). */
  startMs: number;
  endMs: number;
  /**
   * Rate multiplier while it lasts (0.3 keeps 30% of sales); for a slow
   * decline, the multiplier reached at its end; 2 for double posting.
   */
  factor: number;
}

/** Effect of an incident on one hour. */
export interface IncidentEffect {
  factor: number;
  /** False when events happen but never reach the system. */
  delivered: boolean;
}

const NONE: IncidentEffect = { factor: 1, delivered: true };

/** Returns what `incident` does to the hour starting at `startMs`. */
export function incidentEffect(incident: Incident, startMs: number): IncidentEffect {
  if (startMs < incident.startMs || startMs >= incident.endMs) return NONE;
  switch (incident.kind) {
    case "feed_outage":
      return { factor: 1, delivered: false };
    case "slow_decline": {
      const progress = (startMs - incident.startMs) / (incident.endMs - incident.startMs);
      return { factor: 1 - (1 - incident.factor) * progress, delivered: true };
    }
    default:
      return { factor: incident.factor, delivered: true };
  }
}

/** Whether the incident raises the metric rather than lowering it. */
export function isSpike(kind: IncidentKind): boolean {
  return kind === "double_posting";
}
