import type { Grain, Metric } from "../src/domain/metrics";
import { getArtifact } from "./artifacts";
import {
  getLive,
  getVersion,
  listUndelivered,
  markDelivered,
  setLive,
  versionBefore,
  type SeriesKey,
} from "./registry";

/** Raised when a promotion or rollback cannot be carried out. */
export class PromotionRejected extends Error {
  constructor(
    message: string,
    readonly kind: "not_found" | "conflict",
  ) {
    super(message);
    this.name = "PromotionRejected";
  }
}

/**
 * Hands the live version's artifact to the location's object, then marks it
 * delivered. Safe to repeat: the object replaces its copy.
 */
export async function deliverLive(env: Env, key: SeriesKey, version: number, now: number) {
  const row = await getVersion(env.DB, key, version);
  if (!row?.r2Key) throw new PromotionRejected(`version ${version} has no artifact`, "not_found");
  const artifact = await getArtifact(env.MODELS, row.r2Key);
  if (!artifact) throw new PromotionRejected(`artifact ${row.r2Key} is missing from R2`, "not_found");
  await env.LOCATION_MONITOR.getByName(key.locationId).loadModel(
    key.metric as Metric,
    key.grain as Grain,
    version,
    artifact,
  );
  await markDelivered(env.DB, key, version, now);
}

/** Makes `version` live and loads it into the object at once. */
export async function promoteVersion(
  env: Env,
  key: SeriesKey,
  version: number,
  change: { actor: string; action: "promote" | "rollback" | "auto_promote"; reason?: string; now: number },
) {
  const row = await getVersion(env.DB, key, version);
  if (!row) {
    throw new PromotionRejected(
      `no version ${version} of ${key.metric} (${key.grain}) at ${key.locationId}`,
      "not_found",
    );
  }
  if (!row.r2Key) {
    throw new PromotionRejected(`version ${version} has no artifact to promote`, "conflict");
  }
  const current = await getLive(env.DB, key);
  const previous =
    change.action === "rollback"
      ? await versionBefore(env.DB, key, version)
      : current && current.version !== version
        ? current.version
        : (current?.previousVersion ?? null);
  await setLive(env.DB, key, version, change, previous);
  await deliverLive(env, key, version, change.now);
}

/** Returns the series to its previous live version. */
export async function rollBack(env: Env, key: SeriesKey, change: { actor: string; reason?: string; now: number }) {
  const live = await getLive(env.DB, key);
  if (!live) throw new PromotionRejected(`no live ${key.metric} (${key.grain}) model at ${key.locationId}`, "not_found");
  if (live.previousVersion === null) {
    throw new PromotionRejected(`version ${live.version} is the first live model; there is nothing to roll back to`, "conflict");
  }
  const target = live.previousVersion;
  await promoteVersion(env, key, target, { ...change, action: "rollback" });
  return { from: live.version, to: target };
}

/**
 * Re-delivers live versions a crash left unconfirmed, so a failure between
 * the D1 write and the object load is repaired by the next job.
 */
export async function repairDeliveries(env: Env, locationId: string, now: number): Promise<number> {
  const pending = await listUndelivered(env.DB, locationId);
  for (const live of pending) {
    await deliverLive(env, { locationId, metric: live.metric, grain: live.grain }, live.version, now);
  }
  return pending.length;
}
