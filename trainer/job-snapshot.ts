import { and, eq, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { liveModels, modelVersions } from "../src/db/schema";
import type { LiveRow, VersionRow } from "./registry";

/** Key of one series within a location: `metric:grain`. */
export function seriesKey(metric: string, grain: string): string {
  return `${metric}:${grain}`;
}

/**
 * Snapshot of one location's models in D1 when its job starts, read in a
 * few queries so the job does not ask per series.
 */
export interface JobSnapshot {
  live: Map<string, LiveRow>;
  /** Versions this job recorded in an earlier delivery of the message. */
  recorded: Map<string, VersionRow>;
  /** Highest version number per series. */
  latest: Map<string, number>;
  /** Versions of the live models, for their trained-through and R2 key. */
  liveVersions: Map<string, VersionRow>;
}

/** Reads the snapshot of one location for one job. */
export async function readJobSnapshot(db: D1Database, locationId: string, jobKey: string): Promise<JobSnapshot> {
  const orm = drizzle(db);
  const [live, recorded, latest] = await Promise.all([
    orm.select().from(liveModels).where(eq(liveModels.locationId, locationId)),
    orm.select().from(modelVersions).where(and(eq(modelVersions.locationId, locationId), eq(modelVersions.jobKey, jobKey))),
    orm
      .select({ metric: modelVersions.metric, grain: modelVersions.grain, version: max(modelVersions.version) })
      .from(modelVersions)
      .where(eq(modelVersions.locationId, locationId))
      .groupBy(modelVersions.metric, modelVersions.grain),
  ]);
  const liveVersions = new Map<string, VersionRow>();
  for (const row of live) {
    const version = (
      await orm
        .select()
        .from(modelVersions)
        .where(
          and(
            eq(modelVersions.locationId, locationId),
            eq(modelVersions.metric, row.metric),
            eq(modelVersions.grain, row.grain),
            eq(modelVersions.version, row.version),
          ),
        )
    )[0];
    if (version) liveVersions.set(seriesKey(row.metric, row.grain), version);
  }
  return {
    live: new Map(live.map((row) => [seriesKey(row.metric, row.grain), row])),
    recorded: new Map(recorded.map((row) => [seriesKey(row.metric, row.grain), row])),
    latest: new Map(latest.map((row) => [seriesKey(row.metric, row.grain), row.version ?? 0])),
    liveVersions,
  };
}
