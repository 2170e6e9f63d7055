import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { LocationIdSchema } from "../../domain/location";
import { MODELLED_METRICS } from "../../domain/metrics";
import { PromotionRejected, promoteVersion, rollBack } from "../../../trainer/promotion";
import { listLive, listModelEvents, listVersions } from "../../../trainer/registry";
import { startRun } from "../../../trainer/runs";
import { latestRunId, summarizeRun } from "../../../trainer/summary";
import { lookupLocations } from "../../registry/location-cache";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { Conflict, NotFound, ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

const StartRunSchema = z
  .object({
    locationIds: z.array(LocationIdSchema).min(1).max(10_000).optional(),
    region: z.string().min(1).optional(),
    all: z.boolean().optional(),
    /** Train even locations trained within the retrain interval. */
    force: z.boolean().default(true),
  })
  .refine((b) => [b.locationIds, b.region, b.all].filter((v) => v !== undefined).length === 1, {
    message: "set exactly one of locationIds, region or all",
  });

const PromoteSchema = z.object({
  version: z.number().int().min(1),
  grain: z.enum(["hour", "day"]).default("day"),
  actor: z.string().min(1).max(100).default("admin"),
  reason: z.string().max(500).optional(),
});

const RollbackSchema = PromoteSchema.omit({ version: true });

const MetricParamSchema = z.enum(MODELLED_METRICS as [string, ...string[]]);

function toHttpError(error: unknown): never {
  if (error instanceof PromotionRejected) {
    throw error.kind === "not_found" ? new NotFound(error.message) : new Conflict(error.message);
  }
  throw error;
}

/** Registers training runs and the model registry routes. */
export function registerTrainingRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/training/runs",
    summary: "Start a training run for a list of locations, a region or all",
    security: [{ bearer: [] }],
    request: { body: jsonBody(StartRunSchema) },
    responses: { 202: jsonResponse(z.object({ runId: z.string() }), "Run started") },
  });
  app.post("/v1/training/runs", requireAdmin, async (c) => {
    const body = parseOrThrow(StartRunSchema, await readJson(c, 1_048_576, "send fewer ids"), "training run");
    if (body.locationIds) {
      const found = await lookupLocations(c.env.DB, body.locationIds, Date.now());
      const unknown = body.locationIds.filter((id) => !found.has(id));
      if (unknown.length > 0) {
        throw new ValidationFailed("unknown locations", unknown.slice(0, 50).map((id) => ({
          index: body.locationIds!.indexOf(id),
          field: "locationIds",
          problem: `location "${id}" is not registered`,
          fix: "register it first or remove it from the list",
        })));
      }
    }
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
    if (!summary) throw new NotFound(`training run "${requested}" not found`);
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
      security: [{ bearer: [] }],
      request: { body: jsonBody(action === "promote" ? PromoteSchema : RollbackSchema) },
      responses: {
        200: { description: "Done; the location scores with it from now on" },
        404: jsonResponse(ErrorResponseSchema, "No such version"),
        409: jsonResponse(ErrorResponseSchema, "Nothing to roll back to"),
      },
    });
  }
  app.post("/v1/locations/:id/models/:metric/promote", requireAdmin, async (c) => {
    const metric = parseOrThrow(MetricParamSchema, c.req.param("metric"), "metric");
    const body = parseOrThrow(PromoteSchema, await readJson(c, 65_536, "send a smaller body"), "promotion");
    const key = { locationId: c.req.param("id"), metric, grain: body.grain };
    await promoteVersion(c.env, key, body.version, { actor: body.actor, action: "promote", reason: body.reason, now: Date.now() }).catch(toHttpError);
    return c.json({ ...key, version: body.version });
  });
  app.post("/v1/locations/:id/models/:metric/rollback", requireAdmin, async (c) => {
    const metric = parseOrThrow(MetricParamSchema, c.req.param("metric"), "metric");
    const body = parseOrThrow(RollbackSchema, await readJson(c, 65_536, "send a smaller body"), "rollback");
    const key = { locationId: c.req.param("id"), metric, grain: body.grain };
    const result = await rollBack(c.env, key, { actor: body.actor, reason: body.reason, now: Date.now() }).catch(toHttpError);
    return c.json({ ...key, ...result });
  });
}
