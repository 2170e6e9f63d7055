import type { LocationProfile } from "../src/domain/location";
import { MODELLED_METRICS, METRIC_KIND, type Grain, type Metric } from "../src/domain/metrics";
import { errorText, log } from "../src/log";
import {
  HOLDOUT_DAYS,
  ModelArtifactSchema,
  retrain,
  TRAINING_WINDOW_DAYS,
  type HoldoutMetrics,
  type ModelArtifact,
  type ModelSettings,
  type RetrainOutcome,
} from "../src/model";
import { artifactKey, getArtifact, putArtifact } from "./artifacts";
import { toTrainingPoints } from "./history-points";
import { readJobSnapshot, seriesKey, type JobSnapshot } from "./job-snapshot";
import type { TrainMessage } from "./messages";
import { repairDeliveries } from "./promotion";
import {
  getLive,
  markDelivered,
  recordVersion,
  versionsTrainedThrough,
  type SeriesKey,
  type VersionRow,
} from "./registry";

/** Bumped when fitting code changes in a way that changes artifacts. */
export const CODE_VERSION = "model-2";

const DAY_MS = 86_400_000;

const GRAINS: Grain[] = ["day", "hour"];

/** Outcome of one metric and grain of a job. */
export interface SeriesOutcome {
  metric: Metric;
  grain: Grain;
  status: "promoted" | "rejected" | "insufficient_history" | "failed";
  version?: number;
  reason: string;
  daysAvailable?: number;
  daysNeeded?: number;
}

/** Raised by an injected fault, to test that retries repair state. */
export class InjectedFault extends Error {
  constructor(fault: string) {
    super(`injected fault ${fault}`);
    this.name = "InjectedFault";
  }
}

interface SeriesContext {
  env: Env;
  message: TrainMessage;
  profile: LocationProfile;
  key: SeriesKey;
  jobKey: string;
  now: number;
  faultsEnabled: boolean;
  snapshot: JobSnapshot;
  /** Holdout baseline version per series, when one predates the holdout. */
  baselines: Map<string, VersionRow>;
}

function settingsOf(profile: LocationProfile, metric: Metric, grain: Grain): ModelSettings {
  return {
    grain,
    kind: METRIC_KIND[metric],
    timeZone: profile.timezone,
    country: profile.country,
    subdivision: profile.subdivision,
  };
}

function inject(context: SeriesContext, fault: "throw_before_fit" | "crash_after_r2" | "crash_after_d1") {
  if (context.faultsEnabled && context.message.faults?.includes(fault)) {
    throw new InjectedFault(fault);
  }
}

function snapshotKey(context: SeriesContext): string {
  return seriesKey(context.key.metric, context.key.grain);
}

/**
 * Loads the model the candidate is compared with on the holdout: the newest
 * version that went live and was trained before the holdout began, or the
 * live model when there is none (see `pickBaseline`).
 */
async function baselineOf(context: SeriesContext) {
  const key = snapshotKey(context);
  const row = context.baselines.get(key) ?? context.snapshot.liveVersions.get(key);
  if (!row?.r2Key) return undefined;
  try {
    const model = await getArtifact(context.env.MODELS, row.r2Key);
    return model ? { model, version: row.version } : undefined;
  } catch (error) {
    // An artifact that no longer validates (written by an older fit) must
    // not block every later retrain: the candidate is judged as a first model.
    log.warn("train:baseline_artifact_invalid", {
      locationId: context.key.locationId,
      metric: context.key.metric,
      grain: context.key.grain,
      version: row.version,
      error: errorText(error),
    });
    return undefined;
  }
}

/** Loads a promoted model into the location's object and confirms it. */
async function deliver(context: SeriesContext, version: number, model: ModelArtifact) {
  const { env, key, now } = context;
  await env.LOCATION_MONITOR.getByName(key.locationId).loadModel(key.metric as Metric, key.grain as Grain, version, model);
  await markDelivered(env.DB, key, version, now);
}

/**
 * Trains one series with the same retrain step the backtest replays: a
 * candidate fitted before the holdout is compared with the live model on
 * the holdout, and the refit on all history is stored either way. It goes
 * live only when the candidate was not worse.
 */
async function trainSeries(
  context: SeriesContext,
  points: ReturnType<typeof toTrainingPoints>,
  throughMs: number,
): Promise<SeriesOutcome> {
  const metric = context.key.metric as Metric;
  const grain = context.key.grain as Grain;
  const recorded = context.snapshot.recorded.get(snapshotKey(context));
  if (recorded) return resumeRecorded(context, recorded.version, recorded.status, recorded.r2Key);

  inject(context, "throw_before_fit");
  const baseline = await baselineOf(context);
  const outcome = retrain(points, settingsOf(context.profile, metric, grain), baseline?.model ?? null);
  if (outcome.decision === "insufficient_history") {
    const label = grain === "hour" ? "hourly" : "daily";
    return {
      metric,
      grain,
      status: "insufficient_history",
      reason: `${outcome.daysAvailable} days of ${label} history; ${outcome.daysNeeded} needed`,
      daysAvailable: outcome.daysAvailable,
      daysNeeded: outcome.daysNeeded,
    };
  }
  const valid = ModelArtifactSchema.safeParse(outcome.model);
  if (!valid.success) {
    // A fit with non-finite values (an all-zero series) is never stored, so
    // no later job fails to read it back.
    return {
      metric,
      grain,
      status: "failed",
      reason: `the fit produced an invalid model: ${valid.error.issues[0]?.message ?? "unknown"}`,
    };
  }
  const promote = outcome.decision === "promoted";
  return storeAndPromote(context, outcome.model, throughMs, {
    candidate: outcome.candidate,
    baseline: outcome.baseline,
    // A baseline that was not scored (no candidate) is not recorded.
    baselineVersion: outcome.baseline ? baseline?.version : undefined,
    decision: { promote, reason: decisionReason(outcome, baseline?.version) },
  });
}

type TrainedOutcome = Exclude<RetrainOutcome, { decision: "insufficient_history" }>;

function decisionReason(outcome: TrainedOutcome, baselineVersion: number | undefined): string {
  if (outcome.decision === "kept_live") {
    return `candidate worse than version ${baselineVersion} on the holdout`;
  }
  if (outcome.candidate === null) {
    return `history too short for a candidate before the ${HOLDOUT_DAYS}-day holdout; promoted without a comparison`;
  }
  if (outcome.model.fit.shiftDays > 0) return "level shift adopted, which the holdout predates";
  if (baselineVersion === undefined || !outcome.baseline) return "first model";
  return `candidate not worse than version ${baselineVersion} on the holdout`;
}

/**
 * Writes the artifact to R2, then the version row (and, when promoted, the
 * live pointer) to D1 in one batch, then loads the object. A crash after
 * the R2 write leaves an artifact the retry overwrites under the same
 * version. A crash after D1 leaves an undelivered pointer that is repaired.
 */
async function storeAndPromote(
  context: SeriesContext,
  model: ModelArtifact,
  throughMs: number,
  validation: {
    candidate: HoldoutMetrics | null;
    baseline: HoldoutMetrics | null;
    baselineVersion?: number;
    decision: { promote: boolean; reason: string };
  },
): Promise<SeriesOutcome> {
  const { env, key, now } = context;
  const version = (context.snapshot.latest.get(snapshotKey(context)) ?? 0) + 1;
  const r2Key = artifactKey(key.locationId, key.metric, key.grain, version);
  await putArtifact(env.MODELS, r2Key, model);
  inject(context, "crash_after_r2");

  const { promote, reason } = validation.decision;
  await recordVersion(
    env.DB,
    {
      id: crypto.randomUUID(),
      ...key,
      version,
      trainedThroughMs: throughMs,
      holdoutMetrics: {
        candidate: validation.candidate,
        baseline: validation.baseline,
        baselineVersion: validation.baselineVersion ?? null,
        holdoutDays: HOLDOUT_DAYS,
      },
      status: promote ? "validated" : "rejected",
      statusReason: reason,
      r2Key,
      codeVersion: CODE_VERSION,
      runId: context.message.runId,
      jobKey: context.jobKey,
      createdAt: now,
    },
    promote
      ? {
          change: { actor: "trainer", action: "auto_promote", reason, now, jobKey: context.jobKey },
          current: context.snapshot.live.get(snapshotKey(context)),
        }
      : null,
  );
  const base = { metric: key.metric as Metric, grain: key.grain as Grain, version, reason };
  if (!promote) return { ...base, status: "rejected" };
  inject(context, "crash_after_d1");
  await deliver(context, version, model);
  return { ...base, status: "promoted" };
}

/**
 * Finishes a series whose version row exists: a redelivered job lands here
 * and completes the delivery without training again.
 */
async function resumeRecorded(
  context: SeriesContext,
  version: number,
  status: string,
  r2Key: string | null,
): Promise<SeriesOutcome> {
  const reason = "completed by an earlier delivery of this job";
  const base = { metric: context.key.metric as Metric, grain: context.key.grain as Grain, version, reason };
  if (status === "rejected") return { ...base, status: "rejected" };
  const live = await getLive(context.env.DB, context.key);
  if (live?.version === version && live.deliveredAt === null && r2Key) {
    const model = await getArtifact(context.env.MODELS, r2Key);
    if (!model) throw new Error(`artifact ${r2Key} of a recorded version is missing from R2`);
    await deliver(context, version, model);
  }
  return { ...base, status: "promoted" };
}

/**
 * Runs one training job: all modelled metrics at both grains of a location.
 * A series that throws fails the job, so the queue retries it; series that
 * finished earlier are skipped on the retry through their version rows.
 */
export async function trainLocation(
  env: Env,
  message: TrainMessage,
  now: number,
  faultsEnabled: boolean,
): Promise<SeriesOutcome[]> {
  const stub = env.LOCATION_MONITOR.getByName(message.locationId);
  await repairDeliveries(env, message.locationId, now);
  const jobKey = `${message.runId}:${message.locationId}`;
  const [data, snapshot] = await Promise.all([
    stub.getTrainingData(TRAINING_WINDOW_DAYS.hour, TRAINING_WINDOW_DAYS.day),
    readJobSnapshot(env.DB, message.locationId, jobKey),
  ]);
  if (!data) throw new Error(`location ${message.locationId} has no profile in its object`);
  const baselines = await versionsTrainedThrough(env.DB, message.locationId, data.throughMs - HOLDOUT_DAYS * DAY_MS);

  const outcomes: SeriesOutcome[] = [];
  const started = Date.now();
  for (const grain of GRAINS) {
    for (const metric of MODELLED_METRICS) {
      const context: SeriesContext = {
        env,
        message,
        profile: data.profile as LocationProfile,
        key: { locationId: message.locationId, metric, grain },
        jobKey,
        now,
        faultsEnabled,
        snapshot,
        baselines,
      };
      outcomes.push(await trainSeries(context, toTrainingPoints(data[grain], metric), data.throughMs));
    }
  }
  const count = (status: SeriesOutcome["status"]) => outcomes.filter((o) => o.status === status).length;
  log.info("train:job", {
    runId: message.runId,
    locationId: message.locationId,
    promoted: count("promoted"),
    rejected: count("rejected"),
    insufficient: count("insufficient_history"),
    durationMs: Date.now() - started,
  });
  return outcomes;
}
