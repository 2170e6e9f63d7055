import { AlertEventSchema, type AlertEvent } from "../alerts/alert-event";
import { listAlerts } from "../registry/alerts";

/** Firing alerts listed on the overview, at most; counts cover all. */
export const MAX_LISTED_ALERTS = 500;

/**
 * Alert types that mean the location's feed has gone quiet, so its sales
 * are unknown. Such a location counts as silent.
 */
const SILENT_TYPES = ["feed_silent", "heartbeat_lost"] as const;

/** How many registered locations are in each state now. */
export interface FleetCounts {
  locations: number;
  /** Locations with a firing silent-feed or lost-heartbeat alert. */
  silent: number;
  /** Locations with another firing alert, and none of the silent kind. */
  anomalous: number;
  healthy: number;
}

const SILENT_LIST = SILENT_TYPES.map((t) => `'${t}'`).join(", ");

// Joined with locations so alerts of a deleted location are not counted.
const COUNTS_SQL = `
SELECT
  (SELECT count(*) FROM locations) AS locations,
  (SELECT count(DISTINCT a.location_id) FROM alerts a
     JOIN locations l ON l.id = a.location_id
     WHERE a.status = 'firing' AND a.type IN (${SILENT_LIST})) AS silent,
  (SELECT count(DISTINCT a.location_id) FROM alerts a
     JOIN locations l ON l.id = a.location_id
     WHERE a.status = 'firing' AND a.location_id NOT IN (
       SELECT location_id FROM alerts
       WHERE status = 'firing' AND type IN (${SILENT_LIST}))) AS anomalous`;

/** Counts locations silent, anomalous and healthy from the alerts in D1. */
export async function loadFleetCounts(db: D1Database): Promise<FleetCounts> {
  const row = await db
    .prepare(COUNTS_SQL)
    .first<{ locations: number; silent: number; anomalous: number }>();
  const locations = row?.locations ?? 0;
  const silent = row?.silent ?? 0;
  const anomalous = row?.anomalous ?? 0;
  const healthy = Math.max(0, locations - silent - anomalous);
  return { locations, silent, anomalous, healthy };
}

/** Lists firing alerts, newest update first, up to `MAX_LISTED_ALERTS`. */
export async function listFiringAlerts(db: D1Database): Promise<AlertEvent[]> {
  const rows = await listAlerts(db, {
    status: "firing",
    resolvedSinceMs: 0,
    limit: MAX_LISTED_ALERTS,
  });
  const events: AlertEvent[] = [];
  for (const row of rows) {
    const parsed = AlertEventSchema.safeParse(row.event);
    // A row from an older event shape is left off the list, not fatal.
    if (parsed.success) events.push(parsed.data);
  }
  return events;
}

/** Alerts of one region, split by category, newest start first. */
export interface RegionGroup {
  region: string;
  categories: { category: string; alerts: AlertEvent[] }[];
}

const NO_REGION = "No region";

/** Groups alerts by region (by name) and category, newest start first. */
export function groupAlerts(events: AlertEvent[]): RegionGroup[] {
  const regions = new Map<string, Map<string, AlertEvent[]>>();
  for (const event of events) {
    const region = event.location.region || NO_REGION;
    const categories = regions.get(region) ?? new Map<string, AlertEvent[]>();
    const list = categories.get(event.category) ?? [];
    list.push(event);
    categories.set(event.category, list);
    regions.set(region, categories);
  }
  const newestFirst = (a: AlertEvent, b: AlertEvent) =>
    Date.parse(b.startedAt.utc) - Date.parse(a.startedAt.utc);
  return [...regions.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, categories]) => ({
      region,
      categories: [...categories.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([category, alerts]) => ({
          category,
          alerts: alerts.sort(newestFirst),
        })),
    }));
}
