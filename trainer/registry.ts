import { and, desc, eq, isNull, lte, max, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { liveModels, modelEvents, modelVersions } from "../src/db/schema";

export type VersionRow = typeof modelVersions.$inferSelect;
export type LiveRow = typeof liveModels.$inferSelect;

/** Identifies one model series: a location, a metric and a grain. */
export interface SeriesKey {
  locationId: string;
  metric: string;
  grain: string;
}

function matches(key: SeriesKey) {
  return and(
    eq(modelVersions.locationId, key.locationId),
    eq(modelVersions.metric, key.metric),
    eq(modelVersions.grain, key.grain),
  );
}

/** Returns the version a job already recorded, which makes redelivery safe. */
export async function findJobVersion(db: D1Database, jobKey: string, key: SeriesKey) {
  const rows = await drizzle(db)
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.jobKey, jobKey), matches(key)));
  return rows[0];
}

/** Returns the next version number of a series. */
export async function nextVersion(db: D1Database, key: SeriesKey): Promise<number> {
  const [row] = await drizzle(db)
    .select({ latest: max(modelVersions.version) })
    .from(modelVersions)
    .where(matches(key));
  return (row?.latest ?? 0) + 1;
}

/** Reads one version row. */
export async function getVersion(db: D1Database, key: SeriesKey, version: number) {
  const rows = await drizzle(db)
    .select()
    .from(modelVersions)
    .where(and(matches(key), eq(modelVersions.version, version)));
  return rows[0];
}

/** Lists a location's versions, newest first. */
export async function listVersions(db: D1Database, locationId: string) {
  return drizzle(db)
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.locationId, locationId))
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.version));
}

/**
 * Returns, per series of a location (`metric:grain`), the newest version
 * that went live and was trained through `throughMs` or earlier: the
 * holdout baseline of a retrain whose holdout starts at `throughMs`.
 */
export async function versionsTrainedThrough(db: D1Database, locationId: string, throughMs: number) {
  const rows = await drizzle(db)
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.locationId, locationId),
        ne(modelVersions.status, "rejected"),
        lte(modelVersions.trainedThroughMs, throughMs),
      ),
    )
    .orderBy(desc(modelVersions.version));
  const newest = new Map<string, VersionRow>();
  for (const row of rows) {
    const key = `${row.metric}:${row.grain}`;
    if (!newest.has(key)) newest.set(key, row);
  }
  return newest;
}

/** Reads the live pointer of one series. */
export async function getLive(db: D1Database, key: SeriesKey) {
  const rows = await drizzle(db)
    .select()
    .from(liveModels)
    .where(
      and(
        eq(liveModels.locationId, key.locationId),
        eq(liveModels.metric, key.metric),
        eq(liveModels.grain, key.grain),
      ),
    );
  return rows[0];
}

/** Lists a location's live pointers. */
export async function listLive(db: D1Database, locationId: string) {
  return drizzle(db).select().from(liveModels).where(eq(liveModels.locationId, locationId));
}

/** Lists live pointers whose object has not confirmed loading them. */
export async function listUndelivered(db: D1Database, locationId: string) {
  return drizzle(db)
    .select()
    .from(liveModels)
    .where(and(eq(liveModels.locationId, locationId), isNull(liveModels.deliveredAt)));
}

/** Inserts a version row; a concurrent insert of the same job is ignored. */
export async function insertVersion(db: D1Database, row: typeof modelVersions.$inferInsert) {
  await drizzle(db).insert(modelVersions).values(row).onConflictDoNothing({
    target: [modelVersions.jobKey, modelVersions.metric, modelVersions.grain],
  });
}

/** A change of the live version: its actor, action and reason. */
export interface LiveChange {
  actor: string;
  action: string;
  reason?: string;
  now: number;
  /** The training job behind an automatic promotion. */
  jobKey?: string;
}

/**
 * The statements that point a series at a version and record who did it:
 * the previous live version becomes `retired` and stays the rollback target.
 */
function setLiveStatements(
  db: D1Database,
  key: SeriesKey,
  version: number,
  change: LiveChange,
  current: LiveRow | undefined,
  previous: number | null,
) {
  const orm = drizzle(db);
  return [
    orm
      .insert(liveModels)
      .values({
        ...key,
        version,
        previousVersion: previous,
        promotedAt: change.now,
        promotedBy: change.actor,
        deliveredAt: null,
      })
      .onConflictDoUpdate({
        target: [liveModels.locationId, liveModels.metric, liveModels.grain],
        set: {
          version,
          previousVersion: previous,
          promotedAt: change.now,
          promotedBy: change.actor,
          deliveredAt: null,
        },
      }),
    orm
      .update(modelVersions)
      .set({ status: "retired" })
      .where(and(matches(key), eq(modelVersions.status, "live"))),
    orm
      .update(modelVersions)
      .set({ status: "live" })
      .where(and(matches(key), eq(modelVersions.version, version))),
    orm.insert(modelEvents).values({
      ...key,
      action: change.action,
      fromVersion: current?.version ?? null,
      toVersion: version,
      actor: change.actor,
      reason: change.reason ?? null,
      at: change.now,
      jobKey: change.jobKey ?? null,
    }).onConflictDoNothing(),
  ] as const;
}

/** Points a series at a version in one D1 batch (see setLiveStatements). */
export async function setLive(
  db: D1Database,
  key: SeriesKey,
  version: number,
  change: LiveChange,
  previous: number | null,
) {
  const current = await getLive(db, key);
  await drizzle(db).batch(setLiveStatements(db, key, version, change, current, previous));
}

/**
 * Records a new version and, when it is promoted, makes it live, all in one
 * D1 batch: a crash leaves either none of it or all of it.
 */
export async function recordVersion(
  db: D1Database,
  row: typeof modelVersions.$inferInsert,
  promotion: { change: LiveChange; current: LiveRow | undefined } | null,
) {
  const orm = drizzle(db);
  const key = { locationId: row.locationId, metric: row.metric, grain: row.grain };
  const insert = orm.insert(modelVersions).values(row).onConflictDoNothing({
    target: [modelVersions.jobKey, modelVersions.metric, modelVersions.grain],
  });
  if (!promotion) {
    await insert;
    return;
  }
  const { change, current } = promotion;
  const previous = current && current.version !== row.version ? current.version : (current?.previousVersion ?? null);
  await orm.batch([insert, ...setLiveStatements(db, key, row.version, change, current, previous)]);
}

/**
 * Returns the version that was live before `version` was first promoted,
 * which is where a rollback from `version` lands.
 */
export async function versionBefore(db: D1Database, key: SeriesKey, version: number) {
  const rows = await drizzle(db)
    .select({ fromVersion: modelEvents.fromVersion, action: modelEvents.action })
    .from(modelEvents)
    .where(
      and(
        eq(modelEvents.locationId, key.locationId),
        eq(modelEvents.metric, key.metric),
        eq(modelEvents.grain, key.grain),
        eq(modelEvents.toVersion, version),
      ),
    )
    .orderBy(desc(modelEvents.at), desc(modelEvents.id));
  const promotion = rows.find((row) => row.action !== "rollback");
  return promotion?.fromVersion ?? null;
}

/** Records that the location's object loaded the live version. */
export async function markDelivered(db: D1Database, key: SeriesKey, version: number, now: number) {
  await drizzle(db)
    .update(liveModels)
    .set({ deliveredAt: now })
    .where(
      and(
        eq(liveModels.locationId, key.locationId),
        eq(liveModels.metric, key.metric),
        eq(liveModels.grain, key.grain),
        eq(liveModels.version, version),
      ),
    );
}

/** Lists a location's promotions and rollbacks, newest first. */
export async function listModelEvents(db: D1Database, locationId: string) {
  return drizzle(db)
    .select()
    .from(modelEvents)
    .where(eq(modelEvents.locationId, locationId))
    .orderBy(desc(modelEvents.at), desc(modelEvents.id));
}
