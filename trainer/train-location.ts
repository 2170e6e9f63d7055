import { MODELLED_METRICS, METRIC_KIND, type Grain, type Metric } from "../src/domain/metrics";
import { log } from "../src/log";
import {
  HOLDOUT_DAYS,
  retrain,
  TRAINING_WINDOW_DAYS,
  type HoldoutMetrics,
  type ModelArtifact,
  type ModelSettings,
} from "../src/model";
import type { LocationProfile } from "../src/domain/location";
import { artifactKey, getArtifact, putArtifact } from "./artifacts";
import { toTrainingPoints } from "./history-points";
import type { TrainMessage } from "./messages";
import { deliverLive, repairDeliveries } from "./promotion";
import {
  findJobVersion,
  getLive,
  getVersion,
  insertVersion,
  nextVersion,
  setLive,
  type SeriesKey,
} from "./registry";

/** Bumped when fitting code changes in a way that changes artifacts. */
export const CODE_VERSION = "model-1";

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

async function liveModelOf(context: SeriesContext) {
  const live = await getLive(context.env.DB, context.key);
  if (!live) return undefined;
  const row = await getVersion(context.env.DB, context.key, live.version);
  if (!row?.r2Key) return undefined;
  const model = await getArtifact(context.env.MODELS, row.r2Key);
  return model ? { model, version: live.version } : undefined;
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
  const { env, key } = context;
  const metric = key.metric as Metric;
  const grain = key.grain as Grain;
  const recorded = await findJobVersion(env.DB, context.jobKey, key);
  if (recorded) return resumeRecorded(context, recorded.version, recorded.status);

  inject(context, "throw_before_fit");
  const live = await liveModelOf(context);
  const settings = settingsOf(context.profile, metric, grain);
  const outcome = retrain(points, settings, live?.model ?? null);
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
  const promote = outcome.decision === "promoted";
  const reason = !live
    ? "first model"
    : promote
      ? "candidate not worse than live on the holdout"
      : "candidate worse than live on the holdout";
  return storeAndPromote(context, outcome.model, throughMs, {
    candidate: outcome.candidate,
    live: outcome.live,
    liveVersion: live?.version,
    decision: { promote, reason },
  });
}

async function storeAndPromote(
  context: SeriesContext,
  model: ModelArtifact,
  throughMs: number,
  validation: {
    candidate: HoldoutMetrics | null;
    live: HoldoutMetrics | null;
    liveVersion?: number;
    decision: { promote: boolean; reason: string };
  },
): Promise<SeriesOutcome> {
  const { env, key, now } = context;
  const version = await nextVersion(env.DB, key);
  const r2Key = artifactKey(key.locationId, key.metric, key.grain, version);
  await putArtifact(env.MODELS, r2Key, model);
  inject(context, "crash_after_r2");

  const promote = validation.decision.promote;
  await insertVersion(env.DB, {
    id: crypto.randomUUID(),
    ...key,
    version,
    trainedThroughMs: throughMs,
    holdoutMetrics: {
      candidate: validation.candidate,
      live: validation.live,
      liveVersion: validation.liveVersion ?? null,
      holdoutDays: HOLDOUT_DAYS,
    },
    status: promote ? "validated" : "rejected",
    statusReason: validation.decision.reason,
    r2Key,
    codeVersion: CODE_VERSION,
    runId: context.message.runId,
    jobKey: context.jobKey,
    createdAt: now,
  });
  const stored = await findJobVersion(env.DB, context.jobKey, key);
  if (!stored) throw new Error(`version row of job ${context.jobKey} vanished after insert`);
  if (!promote) {
    return { metric: key.metric as Metric, grain: key.grain as Grain, status: "rejected", version: stored.version, reason: validation.decision.reason };
  }
  return resumeRecorded(context, stored.version, "validated", validation.decision.reason);
}

/**
 * Finishes a series whose version row exists: a redelivered job lands here
 * and completes the promotion and delivery without training again.
 */
async function resumeRecorded(
  context: SeriesContext,
  version: number,
  status: string,
  reason = "completed by an earlier delivery of this job",
): Promise<SeriesOutcome> {
  const { env, key, now } = context;
  const base = { metric: key.metric as Metric, grain: key.grain as Grain, version };
  if (status === "rejected") return { ...base, status: "rejected", reason };
  const live = await getLive(env.DB, key);
  if (live?.version !== version) {
    await setLiveOnly(context, version, reason);
  }
  inject(context, "crash_after_d1");
  const confirmed = await getLive(env.DB, key);
  if (confirmed && confirmed.version === version && confirmed.deliveredAt === null) {
    await deliverLive(env, key, version, now);
  }
  return { ...base, status: "promoted", reason };
}

async function setLiveOnly(context: SeriesContext, version: number, reason: string) {
  const current = await getLive(context.env.DB, context.key);
  const previous = current && current.version !== version ? current.version : (current?.previousVersion ?? null);
  await setLive(
    context.env.DB,
    context.key,
    version,
    { actor: "trainer", action: "auto_promote", reason, now: context.now },
    previous,
  );
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
  const data = await stub.getTrainingData(TRAINING_WINDOW_DAYS.hour, TRAINING_WINDOW_DAYS.day);
  if (!data) throw new Error(`location ${message.locationId} has no profile in its object`);

  const outcomes: SeriesOutcome[] = [];
  for (const grain of GRAINS) {
    for (const metric of MODELLED_METRICS) {
      const key = { locationId: message.locationId, metric, grain };
      const context: SeriesContext = {
        env,
        message,
        profile: data.profile as LocationProfile,
        key,
        jobKey: `${message.runId}:${message.locationId}`,
        now,
        faultsEnabled,
      };
      const points = toTrainingPoints(data[grain], metric);
      const started = Date.now();
      const outcome = await trainSeries(context, points, data.throughMs);
      outcomes.push(outcome);
      log.info(`train:${outcome.status}`, {
        runId: message.runId,
        locationId: message.locationId,
        metric,
        grain,
        version: outcome.version,
        durationMs: Date.now() - started,
      });
    }
  }
  return outcomes;
}
