import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { AlertEventSchema, labelsOf } from "../../alerts/alert-event";
import { TimestampSchema, timestampMs } from "../../domain/timestamp";
import { firingAlerts } from "../../registry/alerts";
import {
  describeRoutingVersion,
  loadRoutingInForce,
  RoutingVersionConflict,
  saveRoutingDocument,
  type LoadedRouting,
} from "../../registry/routing-documents";
import { activeSilences } from "../../registry/silences";
import { groupObjectName } from "../../router/group-identity";
import { RoutingDocumentSchema } from "../../routing/document-schema";
import { dryRun } from "../../routing/dry-run";
import type { LabelSet } from "../../routing/labels";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { Conflict, NotFound, ValidationFailed } from "../errors";
import { parseOrThrow, plural } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";
import { routingFieldIssues } from "./routing-issues";

const MAX_DOCUMENT_BYTES = 1_048_576;
/** Most firing alerts a dry run checks as inhibition sources. */
const MAX_DRY_RUN_SOURCES = 10_000;

const VersionQuerySchema = z.object({
  version: z.coerce.number().int().min(0).optional(),
});

const IfMatchSchema = z
  .string()
  .regex(/^"?\d+"?$/, 'expected a version number such as "3"')
  .transform((text) => Number(text.replaceAll('"', "")));

const LabelsSchema = z.record(
  z.string(),
  z.union([z.string(), z.array(z.string())]),
);

const DryRunRequestSchema = z
  .strictObject({
    /** Labels to route, as matchers see them: category, type, region... */
    labels: LabelsSchema.optional(),
    /** Or a whole alert event, routed by its labels. */
    alert: AlertEventSchema.optional(),
    /** The instant silences are judged at; defaults to now. */
    at: TimestampSchema.optional(),
  })
  .refine((b) => (b.labels === undefined) !== (b.alert === undefined), {
    message: "the body needs exactly one of labels or alert",
    params: { fix: "send labels to route, or a whole alert event, but not both" },
  });

async function readDocument(c: Parameters<typeof requireAdmin>[0]) {
  const input = await readJson(c, MAX_DOCUMENT_BYTES, "split the routes");
  const result = RoutingDocumentSchema.safeParse(input);
  if (!result.success) {
    const issues = routingFieldIssues(result.error, input);
    throw new ValidationFailed(
      `invalid routing document: ${plural(issues.length, "problem")}; nothing was stored`,
      issues,
    );
  }
  return { input, document: result.data };
}

async function dryRunSources(env: Env, loaded: LoadedRouting, labels: LabelSet) {
  const rules = loaded.routing.inhibitRules;
  if (rules.length === 0) return [];
  const location = labels.location;
  const perLocation =
    typeof location === "string" &&
    rules.every((rule) => rule.equal.includes("location"));
  const events = await firingAlerts(
    env.DB,
    perLocation ? [location] : null,
    MAX_DRY_RUN_SOURCES,
  );
  return events.map((e) => ({ fingerprint: e.fingerprint, labels: labelsOf(e) }));
}

/** Registers the routing document and dry-run routes. */
export function registerRoutingRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "put",
    path: "/v1/routing",
    summary: "Upload a routing document; it becomes the next version",
    description:
      "Routes, receivers with their channels (slack, teams, webhook) and " +
      "inhibition rules. Webhook URLs and signing secrets are stored " +
      "encrypted. Send `If-Match: <version>` to fail with 409 unless that " +
      "version is in force.",
    security: [{ bearer: [] }],
    request: { body: jsonBody(z.record(z.string(), z.unknown())) },
    responses: {
      200: jsonResponse(z.object({ version: z.number().int() }), "Stored and in force"),
      400: jsonResponse(ErrorResponseSchema, "Invalid document; `field` is the path inside it"),
      409: jsonResponse(ErrorResponseSchema, "Another version is in force"),
    },
  });
  app.put("/v1/routing", requireAdmin, async (c) => {
    const ifMatch = c.req.header("if-match");
    const expectedVersion =
      ifMatch === undefined ? undefined : parseOrThrow(IfMatchSchema, ifMatch, "If-Match header");
    const { input, document } = await readDocument(c);
    try {
      const version = await saveRoutingDocument(c.env, {
        input,
        document,
        createdBy: "admin",
        nowMs: Date.now(),
        expectedVersion,
      });
      c.set("logFields", { routingVersion: version });
      return c.json({ version });
    } catch (error) {
      if (error instanceof RoutingVersionConflict) {
        throw new Conflict(error.message, {
          field: "If-Match",
          problem: error.message,
          fix: "read the version in force with GET /v1/routing, merge your change into it and upload with its version",
        });
      }
      throw error;
    }
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/routing",
    summary: "The routing document in force, or `?version=`, secrets redacted",
    security: [{ bearer: [] }],
    responses: {
      200: { description: "Version 0 is the built-in document used before any upload" },
      404: jsonResponse(ErrorResponseSchema, "No such version"),
    },
  });
  app.get("/v1/routing", requireAdmin, async (c) => {
    const query = parseOrThrow(VersionQuerySchema, c.req.query(), "query");
    const info = await describeRoutingVersion(c.env, query.version);
    if (!info) {
      throw new NotFound(`routing version ${query.version} not found`, {
        field: "version",
        problem: `no routing document has version ${query.version}`,
        fix: "leave version out for the document in force, or send an earlier version number",
      });
    }
    return c.json({ ...info, createdAt: new Date(info.createdAt).toISOString() });
  });

  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/routing/test",
    summary: "Dry run: the receivers and groups an example alert would reach",
    description:
      "Send `labels` or a whole `alert` event. The answer also says which " +
      "active silences and which firing alerts would mute it. Nothing is stored.",
    security: [{ bearer: [] }],
    request: { body: jsonBody(DryRunRequestSchema) },
    responses: { 200: { description: "Routes, groups, silences and inhibition" } },
  });
  app.post("/v1/routing/test", requireAdmin, async (c) => {
    const body = parseOrThrow(DryRunRequestSchema, await readJson(c, 65_536, "send one alert"), "dry run");
    const labels: LabelSet = body.alert ? labelsOf(body.alert) : (body.labels ?? {});
    const nowMs = body.at ? timestampMs(body.at) : Date.now();
    const loaded = await loadRoutingInForce(c.env);
    const [silences, firing] = await Promise.all([
      activeSilences(c.env.DB, nowMs),
      dryRunSources(c.env, loaded, labels),
    ]);
    const result = dryRun(loaded.routing, labels, { nowMs, silences, firing });
    const routes = result.routes.map((route) => ({
      ...route,
      groupObject: groupObjectName(route),
    }));
    return c.json({ routingVersion: loaded.version, labels, ...result, routes });
  });
}
