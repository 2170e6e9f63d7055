import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  ALERT_CATEGORIES,
  ALERT_TYPES,
  AlertEventSchema,
} from "../../alerts/alert-event";
import { listAlerts, type AlertRow } from "../../registry/alerts";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

/** Resolved alerts stay in the default list this long. */
const RECENT_MS = 24 * 3_600_000;
/** Queues accept at most 100 messages per batch send. */
const MAX_EVENTS_PER_REQUEST = 100;

const ListQuerySchema = z.object({
  status: z.enum(["firing", "resolved"]).optional(),
  category: z.enum(ALERT_CATEGORIES).optional(),
  type: z.enum(ALERT_TYPES).optional(),
  location: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  /** How far back resolved alerts are listed, in hours. */
  sinceHours: z.coerce.number().positive().max(24 * 90).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

const EnqueueSchema = z.strictObject({
  events: z.array(AlertEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST),
});

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function present(row: AlertRow) {
  return {
    fingerprint: row.fingerprint,
    status: row.status,
    locationId: row.locationId,
    region: row.region,
    type: row.type,
    category: row.category,
    severity: row.severity,
    startedAt: iso(row.startedAt),
    updatedAt: iso(row.updatedAt),
    endedAt: iso(row.endedAt),
    receivers: row.receivers ?? [],
    silencedBy: row.silencedBy ?? [],
    inhibitedBy: row.inhibitedBy,
    routeError: row.routeError,
    event: row.event,
  };
}

/** Registers the alert list and the alert intake. */
export function registerAlertRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/alerts",
    summary: "Firing alerts and those resolved (received) in the last 24 hours",
    description:
      "Filter by `status`, `category`, `type`, `location` and `region`; " +
      "`sinceHours` widens the window for resolved alerts. Each alert says " +
      "which receivers it was routed to and what muted it, if anything.",
    security: [{ bearer: [] }],
    responses: { 200: { description: "Alerts, newest first" } },
  });
  app.get("/v1/alerts", requireAdmin, async (c) => {
    const query = parseOrThrow(ListQuerySchema, c.req.query(), "query");
    const sinceMs = (query.sinceHours ?? RECENT_MS / 3_600_000) * 3_600_000;
    const rows = await listAlerts(c.env.DB, {
      status: query.status,
      category: query.category,
      type: query.type,
      locationId: query.location,
      region: query.region,
      resolvedSinceMs: Date.now() - sinceMs,
      limit: query.limit,
    });
    return c.json({ alerts: rows.map(present) });
  });

  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/alerts",
    summary: "Put up to 100 alert events on the alerts queue",
    description:
      "For alerts from an external detector, and to test routing end to " +
      "end. The events take the same path as those locations emit.",
    security: [{ bearer: [] }],
    request: { body: jsonBody(EnqueueSchema) },
    responses: {
      202: jsonResponse(z.object({ enqueued: z.number().int() }), "Enqueued"),
      400: jsonResponse(ErrorResponseSchema, "Invalid events; none was enqueued"),
    },
  });
  app.post("/v1/alerts", requireAdmin, async (c) => {
    const body = await readJson(c, 1_048_576, "send at most 100 events");
    const events = (body as { events?: unknown })?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS_PER_REQUEST) {
      throw new ValidationFailed(
        `${events.length} events exceed the limit of ${MAX_EVENTS_PER_REQUEST}; split the request`,
        [{ field: "events", problem: `${events.length} items`, fix: "send at most 100 per request" }],
      );
    }
    const parsed = parseOrThrow(EnqueueSchema, body, "alert events");
    await c.env.ALERTS_QUEUE.sendBatch(parsed.events.map((event) => ({ body: event })));
    c.set("logFields", { alerts: parsed.events.length });
    return c.json({ enqueued: parsed.events.length }, 202);
  });
}
