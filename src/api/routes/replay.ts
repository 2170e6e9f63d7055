import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ALERT_TYPES, SEVERITIES } from "../../alerts/alert-event";
import { checkHistoryRows, DailyHistoryRowSchema } from "../../ingest/history";
import { lookupLocations } from "../../registry/location-cache";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { locationNotFound, ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

/**
 * Maximum days in one replay request, just over three years. Each day
 * closes 24 hourly buckets in the location object, so this bounds one call
 * to about 29,000 bucket closes.
 */
export const MAX_REPLAY_ROWS = 1_200;
/** Largest replay body: 1,200 daily rows with three events take 150 KB. */
export const MAX_REPLAY_BYTES = 1_048_576;

const ReplayBodySchema = z.strictObject({
  grain: z.literal("day"),
  rows: z.array(z.unknown()).min(1).max(MAX_REPLAY_ROWS),
});

const ReplayedDaySchema = z.object({
  date: z.string(),
  closed: z.number().int(),
  alerts: z.number().int(),
  open: z.array(
    z.object({
      anomalyId: z.string(),
      type: z.enum(ALERT_TYPES),
      severity: z.enum(SEVERITIES),
    }),
  ),
});

const ReplayResultSchema = z.object({
  days: z.array(ReplayedDaySchema),
  alerts: z.number().int(),
});

/** Registers the daily replay route of one location. */
export function registerReplayRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/locations/{id}/replay",
    summary: "Replay daily rows in event time: store each day, then close it",
    description:
      "For each row in date order, stores it as daily history and advances " +
      "the location's event-time clock to the end of that local day, so the " +
      "day is scored, and alerts open or resolve, through the same code as " +
      "live operation. The location then stays on event time. Returns, per " +
      "day, the buckets closed, the alert events queued and the anomalies " +
      `open at the end of the day. At most ${MAX_REPLAY_ROWS} rows.`,
    security: [{ bearer: [] }],
    request: {
      body: jsonBody(
        z.strictObject({ grain: z.literal("day"), rows: z.array(DailyHistoryRowSchema) }),
      ),
    },
    responses: {
      200: jsonResponse(ReplayResultSchema, "Days replayed"),
      400: jsonResponse(ErrorResponseSchema, "Invalid rows; nothing was stored"),
      404: jsonResponse(ErrorResponseSchema, "No such location"),
      413: jsonResponse(ErrorResponseSchema, "Body too large"),
    },
  });
  app.post("/v1/locations/:id/replay", requireAdmin, async (c) => {
    const id = c.req.param("id");
    const facts = (await lookupLocations(c.env.DB, [id], Date.now())).get(id);
    if (!facts) throw locationNotFound(id);
    const hint = `send at most ${MAX_REPLAY_ROWS} rows per request`;
    const raw = await readJson(c, MAX_REPLAY_BYTES, hint);
    const body = parseOrThrow(ReplayBodySchema, raw, "replay");
    const checked = checkHistoryRows(body.grain, body.rows, facts, Date.now());
    if (checked.issues.length > 0) {
      const invalid = new Set(checked.issues.map((i) => i.index)).size;
      throw new ValidationFailed(
        `${invalid} of ${body.rows.length} rows are invalid; nothing was stored`,
        checked.issues,
      );
    }
    const stub = c.env.LOCATION_MONITOR.getByName(id);
    const days = await stub.replayDays(checked.rows);
    const alerts = days.reduce((sum, day) => sum + day.alerts, 0);
    c.set("logFields", { locationId: id, rows: days.length, alerts });
    return c.json({ days, alerts });
  });
}
