import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { replayNotification } from "../../delivery/replay";
import { TimestampSchema, timestampMs } from "../../domain/timestamp";
import {
  listNotifications,
  NOTIFICATION_STATUSES,
  type NotificationRow,
} from "../../registry/notifications";
import { requireAdmin } from "../auth";
import type { AppEnv } from "../context";
import { Conflict, NotFound } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonResponse } from "./openapi-helpers";

const ListQuerySchema = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  receiver: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  /** `createdAt` of the last row of the previous page. */
  before: TimestampSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

type Content = { firing?: { fingerprint: string }[]; resolved?: { fingerprint: string }[] };

/** A notification as listed: the endpoint is only ever shown redacted. */
function present(row: NotificationRow) {
  const content = row.content as Content;
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    groupKey: row.groupKey,
    receiver: row.receiver,
    channel: row.channel,
    channelIndex: row.channelIndex,
    endpoint: row.endpoint,
    routingVersion: row.routingVersion,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    deadReason: row.deadReason,
    firing: (content.firing ?? []).map((e) => e.fingerprint),
    resolved: (content.resolved ?? []).map((e) => e.fingerprint),
    decidedAt: iso(row.decidedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deliveredAt: iso(row.deliveredAt),
  };
}

/** Registers the notification log and replay routes. */
export function registerNotificationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/notifications",
    summary: "The notification log, newest first; `status=dead` lists dead letters",
    security: [{ bearer: [] }],
    responses: { 200: { description: "Notifications" } },
  });
  app.get("/v1/notifications", requireAdmin, async (c) => {
    const query = parseOrThrow(ListQuerySchema, c.req.query(), "query");
    const rows = await listNotifications(c.env.DB, {
      status: query.status,
      receiver: query.receiver,
      groupKey: query.group,
      beforeMs: query.before === undefined ? undefined : timestampMs(query.before),
      limit: query.limit,
    });
    return c.json({ notifications: rows.map(present) });
  });

  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/notifications/{id}/replay",
    summary: "Send a dead notification again, through the channel now configured",
    security: [{ bearer: [] }],
    responses: {
      202: { description: "Queued again with no attempts" },
      404: jsonResponse(ErrorResponseSchema, "No such notification"),
      409: jsonResponse(ErrorResponseSchema, "Not dead, or its channel is gone"),
    },
  });
  app.post("/v1/notifications/:id/replay", requireAdmin, async (c) => {
    const id = c.req.param("id");
    const result = await replayNotification(c.env, id, Date.now());
    if (result.ok) return c.json(present(result.notification), 202);
    if (result.kind === "not_found") {
      throw new NotFound(`notification "${id}" not found; list dead ones with GET /v1/notifications?status=dead`, {
        field: "id",
        problem: `no notification has the id ${JSON.stringify(id)}`,
        fix: "list dead notifications with GET /v1/notifications?status=dead and use one of their ids",
      });
    }
    if (result.kind === "not_dead") {
      throw new Conflict(`notification "${id}" is ${result.status}, not dead; only dead notifications can be replayed`, {
        field: "id",
        problem: `notification ${id} is ${result.status}, not dead`,
        fix: "replay only notifications listed by GET /v1/notifications?status=dead",
      });
    }
    throw new Conflict(
      `receiver ${result.receiver} has no channel ${result.channelIndex} of the same type in the routing document in force; restore it, then replay`,
      {
        field: "id",
        problem: `receiver ${result.receiver} has no channel ${result.channelIndex} of the same type in the routing document in force`,
        fix: "restore the channel with PUT /v1/routing, then replay",
      },
    );
  });
}
