import type { OpenAPIHono } from "@hono/zod-openapi";
import { asc, eq, isNotNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { z } from "zod";
import { locations } from "../../db/schema";
import { LocationIdSchema } from "../../domain/location";
import { MODELLED_METRICS, type Grain, type Metric } from "../../domain/metrics";
import { PromotionRejected, promoteVersion, rollBack } from "../../../trainer/promotion";
import { listLive, listModelEvents, listVersions } from "../../../trainer/registry";
import { startRun } from "../../../trainer/runs";
import { latestRunId, summarizeRun } from "../../../trainer/summary";
import { lookupLocations } from "../../registry/location-cache";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { Conflict, locationNotFound, NotFound, ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

const SELECTORS = "all: true, a region, or a list of locationIds";
const GRAINS = ["hour", "day"] as const;
/** Maximum regions an error lists as the ones in use. */
const MAX_LISTED_REGIONS = 20;
/** Maximum ids one response lists, so a list of 10,000 wrong ids stays readable. */
const MAX_LISTED_IDS = 50;

/**
 * Strict, with exactly one selector, because every other body used to train
 * the whole fleet: `{"all": false}` and a misspelled selector alike.
 */
const StartRunSchema = z
  .strictObject({
    locationIds: z.array(LocationIdSchema).min(1).max(10_000).optional(),
    region: z.string().min(1).max(100).optional(),
    all: z.literal(true, { error: "send all: true to train every location, or leave all out and send a region or locationIds" }).optional(),
    /** Train even locations trained within the retrain interval. */
    force: z.boolean().default(true),
  })
  .superRefine((body, ctx) => {
    const selectors = (["locationIds", "region", "all"] as const).filter((key) => body[key] !== undefined);
    if (selectors.length === 1) return;
    ctx.addIssue({
      code: "custom",
      path: selectors.length === 0 ? [] : [selectors[1]],
      message:
        selectors.length === 0
          ? "the body selects no locations to train"
          : selectors.length === 2
            ? `${selectors[0]} and ${selectors[1]} are both given, but a run takes one selector`
            : "locationIds, region and all are all given, but a run takes one selector",
      params: { fix: `send exactly one of ${SELECTORS}` },
    });
  });

/**
 * Promotion and rollback bodies. `grain` has no default: the route picks
 * the grain of the live model when it is left out (see `chooseGrain`).
 */
const PromoteSchema = z.strictObject({
  version: z.number().int().min(1),
  grain: z.enum(GRAINS).optional(),
  actor: z.string().min(1).max(100).default("admin"),
  reason: z.string().max(500).optional(),
});

const RollbackSchema = PromoteSchema.omit({ version: true });

const MetricParamsSchema = z.object({ metric: z.enum(MODELLED_METRICS as [Metric, ...Metric[]]) });

const GRAIN_DESCRIPTION =
  "`grain` is `hour` or `day`. When it is left out, the grain with a live " +
  "model of the metric is used, hourly if both have one, because the hourly " +
  "model scores the live buckets. Send `grain: \"day\"` to act on the daily " +
  "model. The answer names the grain acted on.";

async function chooseGrain(env: Env, locationId: string, metric: Metric, requested: Grain | undefined): Promise<Grain> {
  if (requested) return requested;
  const live = await listLive(env.DB, locationId);
  const liveGrains = new Set(live.filter((l) => l.metric === metric).map((l) => l.grain));
  if (liveGrains.has("hour") || !liveGrains.has("day")) return "hour";
  return "day";
}

async function requireRegistered(env: Env, locationId: string): Promise<void> {
  const found = await lookupLocations(env.DB, [locationId], Date.now());
  if (!found.has(locationId)) throw locationNotFound(locationId);
}

async function regionsInUse(env: Env): Promise<string[]> {
  const rows = await drizzle(env.DB)
    .selectDistinct({ region: locations.region })
    .from(locations)
    .where(isNotNull(locations.region))
    .orderBy(asc(locations.region))
    .limit(MAX_LISTED_REGIONS + 1);
  return rows.map((row) => row.region ?? "");
}

/** Throws unless the run's selector matches at least one registered location. */
async function checkSelector(env: Env, body: z.infer<typeof StartRunSchema>): Promise<void> {
  if (body.locationIds) {
    const ids = body.locationIds;
    const seen = new Set<string>();
    const repeated: { id: string; index: number }[] = [];
    ids.forEach((id, index) => {
      if (seen.has(id)) repeated.push({ id, index });
      seen.add(id);
    });
    if (repeated.length > 0) {
      const issues = repeated.slice(0, MAX_LISTED_IDS).map(({ id, index }) => ({
        index,
        field: "locationIds",
        problem: `"${id}" repeats an earlier item`,
        fix: "send each location once",
      }));
      throw new ValidationFailed("a location id appears twice", issues);
    }
    const found = await lookupLocations(env.DB, ids, Date.now());
    const unknown = ids.flatMap((id, index) => (found.has(id) ? [] : [{ id, index }]));
    if (unknown.length > 0) {
      const issues = unknown.slice(0, MAX_LISTED_IDS).map(({ id, index }) => ({
        index,
        field: "locationIds",
        problem: `location "${id}" is not registered`,
        fix: "register it first or remove it from the list",
      }));
      throw new ValidationFailed(`${unknown.length} of ${ids.length} locations are not registered; no run was started`, issues);
    }
    return;
  }
  const conditions = body.region === undefined ? undefined : eq(locations.region, body.region);
  const [match] = await drizzle(env.DB).select({ id: locations.id }).from(locations).where(conditions).limit(1);
  if (match) return;
  if (body.region === undefined) {
    throw new NotFound("no location is registered; no run was started", {
      field: "all",
      problem: "no location is registered, so there is nothing to train",
      fix: "register locations with POST /v1/locations first",
    });
  }
  const regions = await regionsInUse(env);
  const listed = regions.slice(0, MAX_LISTED_REGIONS).map((r) => JSON.stringify(r)).join(", ");
  const more = regions.length > MAX_LISTED_REGIONS ? " and more" : "";
  throw new NotFound(`no registered location is in region "${body.region}"; no run was started`, {
    field: "region",
    problem: `no registered location has region ${JSON.stringify(body.region)}`,
    fix: regions.length > 0
      ? `use a region locations are registered with: ${listed}${more}`
      : "no location has a region yet; set region when registering locations",
  });
}

function toHttpError(error: unknown): never {
  if (error instanceof PromotionRejected) {
    const issue = { field: "version", problem: error.message, fix: "list the versions with GET /v1/locations/{id}/models" };
    throw error.kind === "not_found" ? new NotFound(error.message, issue) : new Conflict(error.message, issue);
  }
  throw error;
}

/** Registers training runs and the model registry routes. */
export function registerTrainingRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/training/runs",
    summary: "Start a training run for a list of locations, a region or all",
    description:
      "Send exactly one selector: `all: true`, a `region`, or `locationIds`. " +
      "A region or a list must match registered locations, and `all` needs " +
      "at least one; otherwise no run starts.",
    security: [{ bearer: [] }],
    request: { body: jsonBody(StartRunSchema) },
    responses: {
      202: jsonResponse(z.object({ runId: z.string() }), "Run started"),
      400: jsonResponse(ErrorResponseSchema, "Invalid body, or ids that are not registered"),
      404: jsonResponse(ErrorResponseSchema, "No registered location in the region, or none at all"),
    },
  });
  app.post("/v1/training/runs", requireAdmin, async (c) => {
    const body = parseOrThrow(StartRunSchema, await readJson(c, 1_048_576, "send fewer ids"), "training run");
    await checkSelector(c.env, body);
    const selector = { locationIds: body.locationIds, region: body.region, all: body.all };
    const runId = await startRun(c.env, { trigger: "manual", selector, requestedBy: "admin", force: body.force, now: Date.now() });
    return c.json({ runId }, 202);
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/training/runs/{id}",
    summary: "Summary of a run: locations trained, promoted, rejected, failed, insufficient",
    description: "Use the id `latest` for the newest run.",
    security: [{ bearer: [] }],
    responses: { 200: { description: "Summary" }, 404: jsonResponse(ErrorResponseSchema, "No such run") },
  });
  app.get("/v1/training/runs/:id", requireAdmin, async (c) => {
    const requested = c.req.param("id");
    const runId = requested === "latest" ? await latestRunId(c.env.DB) : requested;
    const summary = runId ? await summarizeRun(c.env.DB, runId) : undefined;
    if (!summary) {
      throw new NotFound(`training run "${requested}" not found`, {
        field: "id",
        problem: requested === "latest" ? "no training run has started yet" : `no training run has the id ${JSON.stringify(requested)}`,
        fix: "use the runId POST /v1/training/runs returned, or latest",
      });
    }
    return c.json(summary);
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/locations/{id}/models",
    summary: "Model versions per metric and grain, with holdout metrics, status and the live one",
    security: [{ bearer: [] }],
    responses: { 200: { description: "Versions" } },
  });
  app.get("/v1/locations/:id/models", requireAdmin, async (c) => {
    const id = c.req.param("id");
    const [versions, live, events] = await Promise.all([
      listVersions(c.env.DB, id),
      listLive(c.env.DB, id),
      listModelEvents(c.env.DB, id),
    ]);
    const liveOf = new Map(live.map((l) => [`${l.metric}:${l.grain}`, l]));
    return c.json({
      locationId: id,
      live: live.map((l) => ({
        metric: l.metric,
        grain: l.grain,
        version: l.version,
        previousVersion: l.previousVersion,
        promotedAt: new Date(l.promotedAt).toISOString(),
        promotedBy: l.promotedBy,
        delivered: l.deliveredAt !== null,
      })),
      versions: versions.map((v) => ({
        metric: v.metric,
        grain: v.grain,
        version: v.version,
        status: v.status,
        statusReason: v.statusReason,
        live: liveOf.get(`${v.metric}:${v.grain}`)?.version === v.version,
        trainedThrough: new Date(v.trainedThroughMs).toISOString(),
        holdout: v.holdoutMetrics,
        r2Key: v.r2Key,
        codeVersion: v.codeVersion,
        runId: v.runId,
        createdAt: new Date(v.createdAt).toISOString(),
      })),
      history: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    });
  });

  for (const action of ["promote", "rollback"] as const) {
    app.openAPIRegistry.registerPath({
      method: "post",
      path: `/v1/locations/{id}/models/{metric}/${action}`,
      summary: action === "promote" ? "Make a version live" : "Return to the previous live version",
      description: GRAIN_DESCRIPTION,
      security: [{ bearer: [] }],
      request: {
        params: z.object({ id: LocationIdSchema, metric: MetricParamsSchema.shape.metric }),
        body: jsonBody(action === "promote" ? PromoteSchema : RollbackSchema),
      },
      responses: {
        200: { description: "Done; the location scores with it from now on" },
        400: jsonResponse(ErrorResponseSchema, "Invalid metric or body"),
        404: jsonResponse(ErrorResponseSchema, "No such location, version or live model"),
        409: jsonResponse(ErrorResponseSchema, "Nothing to roll back to"),
      },
    });
  }
  app.post("/v1/locations/:id/models/:metric/promote", requireAdmin, async (c) => {
    const { metric } = parseOrThrow(MetricParamsSchema, { metric: c.req.param("metric") }, "path parameter");
    const body = parseOrThrow(PromoteSchema, await readJson(c, 65_536, "send a smaller body"), "promotion");
    const locationId = c.req.param("id");
    await requireRegistered(c.env, locationId);
    const key = { locationId, metric, grain: await chooseGrain(c.env, locationId, metric, body.grain) };
    await promoteVersion(c.env, key, body.version, { actor: body.actor, action: "promote", reason: body.reason, now: Date.now() }).catch(toHttpError);
    return c.json({ ...key, version: body.version });
  });
  app.post("/v1/locations/:id/models/:metric/rollback", requireAdmin, async (c) => {
    const { metric } = parseOrThrow(MetricParamsSchema, { metric: c.req.param("metric") }, "path parameter");
    const body = parseOrThrow(RollbackSchema, await readJson(c, 65_536, "send a smaller body"), "rollback");
    const locationId = c.req.param("id");
    await requireRegistered(c.env, locationId);
    const key = { locationId, metric, grain: await chooseGrain(c.env, locationId, metric, body.grain) };
    const result = await rollBack(c.env, key, { actor: body.actor, reason: body.reason, now: Date.now() }).catch(toHttpError);
    return c.json({ ...key, ...result });
  });
}
