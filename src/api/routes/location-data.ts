import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { PosEventSchema } from "../../domain/event";
import { METRICS } from "../../domain/metrics";
import { checkHistoryRows, DailyHistoryRowSchema, HourlyHistoryRowSchema } from "../../ingest/history";
import { MAX_HISTORY_BYTES, MAX_HISTORY_ROWS } from "../../ingest/limits";
import { checkBatch } from "../../ingest/validate-batch";
import { lookupLocations, type LocationFacts } from "../../registry/location-cache";
import { formatLocal, TIME } from "../../time/zone";
import { TimestampSchema, timestampMs } from "../../domain/timestamp";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { locationNotFound, ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

/**
 * A backfill body: `grain` with `rows`, or raw `events`. It is one strict
 * object rather than a union, so a wrong grain is reported with the grains
 * accepted and a misspelled key with the keys accepted.
 */
const HistoryBodySchema = z
  .strictObject({
    grain: z.enum(["hour", "day"]).optional(),
    rows: z.array(z.unknown()).min(1).max(MAX_HISTORY_ROWS).optional(),
    events: z.array(z.unknown()).min(1).max(MAX_HISTORY_ROWS).optional(),
  })
  .superRefine((body, ctx) => {
    const custom = (path: string[], message: string, fix: string) =>
      ctx.addIssue({ code: "custom", path, message, params: { fix } });
    if (body.rows === undefined && body.events === undefined) {
      custom([], "the body has neither rows nor events", 'send {"grain": "hour", "rows": [...]} or {"events": [...]}');
    }
    if (body.rows !== undefined && body.events !== undefined) {
      custom(["events"], "rows and events are both given", "send rows and events in separate requests");
    }
    if (body.rows !== undefined && body.grain === undefined) {
      custom(["grain"], "is missing", 'add grain: "hour" or "day", the length of each row\'s bucket');
    }
    if (body.events !== undefined && body.grain !== undefined) {
      custom(["grain"], "grain applies to rows only, because events are bucketed by their timestamps", "remove grain");
    }
  });

/**
 * How far ahead of the server clock a replay watermark may be: one hour, so
 * a replay that closes each hour as it ends can send the end of the hour in
 * progress. A later watermark would close buckets that have not happened
 * yet, and every live event for them would then count as late.
 */
const MAX_WATERMARK_AHEAD_MS = TIME.HOUR_MS;

const ClockSchema = z.strictObject({
  /** Buckets ending at or before this instant close. */
  watermark: TimestampSchema,
});

const MAX_SERIES_SPAN_MS = { hour: 100 * TIME.DAY_MS, day: 4 * 366 * TIME.DAY_MS };
const DEFAULT_SERIES_SPAN_MS = { hour: 7 * TIME.DAY_MS, day: 90 * TIME.DAY_MS };

const SeriesQuerySchema = z.object({
  metric: z.enum(METRICS),
  grain: z.enum(["hour", "day"]).default("hour"),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
});

async function requireLocation(c: { env: Env }, id: string): Promise<LocationFacts> {
  const facts = (await lookupLocations(c.env.DB, [id], Date.now())).get(id);
  if (!facts) throw locationNotFound(id);
  return facts;
}

/** Registers backfill, state and series routes of one location. */
export function registerLocationDataRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/locations/{id}/history",
    summary: "Backfill history: hourly or daily aggregates, or raw events",
    description:
      "Idempotent: a row replaces the stored bucket of the same start; raw " +
      "events are deduplicated by id. Daily rows stay daily. Rows may not " +
      "start after the current local hour (or day), amounts and counts may " +
      "not be negative, and card, cash and other transactions may not add up " +
      "to more than transactions.",
    security: [{ bearer: [] }],
    request: {
      body: jsonBody(
        z.union([
          z.strictObject({ grain: z.literal("hour"), rows: z.array(HourlyHistoryRowSchema) }),
          z.strictObject({ grain: z.literal("day"), rows: z.array(DailyHistoryRowSchema) }),
          z.strictObject({ events: z.array(PosEventSchema) }),
        ]),
      ),
    },
    responses: {
      200: jsonResponse(z.object({ written: z.number().int(), duplicate: z.number().int() }), "Stored"),
      400: jsonResponse(ErrorResponseSchema, "Invalid rows; nothing was stored"),
      404: jsonResponse(ErrorResponseSchema, "No such location"),
    },
  });
  app.post("/v1/locations/:id/history", requireAdmin, async (c) => {
    const id = c.req.param("id");
    const facts = await requireLocation(c, id);
    const body = parseOrThrow(
      HistoryBodySchema,
      await readJson(c, MAX_HISTORY_BYTES, `send at most ${MAX_HISTORY_ROWS} rows per request`),
      "history",
    );
    const stub = c.env.LOCATION_MONITOR.getByName(id);

    if (body.events) {
      const checked = checkBatch(body.events, new Map([[id, facts]]), {
        nowMs: Date.now(),
        enforceLateWindow: false,
      });
      const foreign = checked.issues.length === 0 && [...checked.byLocation.keys()].some((k) => k !== id);
      if (checked.issues.length > 0 || foreign) {
        throw new ValidationFailed("invalid history events; nothing was stored", checked.issues);
      }
      const counts = await stub.ingestEvents(checked.byLocation.get(id) ?? [], Date.now());
      c.set("logFields", { locationId: id, rows: body.events.length });
      return c.json({ written: counts.accepted, duplicate: counts.duplicate });
    }

    // The schema's refinement guarantees both when events are absent.
    const grain = body.grain!;
    const rows = body.rows!;
    const checked = checkHistoryRows(grain, rows, facts, Date.now());
    if (checked.issues.length > 0) {
      throw new ValidationFailed(
        `${new Set(checked.issues.map((i) => i.index)).size} of ${rows.length} rows are invalid; nothing was stored`,
        checked.issues,
      );
    }
    const { written } = await stub.backfillHistory(grain, checked.rows);
    c.set("logFields", { locationId: id, rows: written });
    return c.json({ written, duplicate: 0 });
  });

  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/locations/{id}/clock",
    summary: "Replay: advance the location's watermark in event time",
    description:
      "Closes, scores and alerts every bucket that ends before the watermark, " +
      "through the same code as live operation. The location then stays on " +
      "event time: its alarm no longer advances the clock. A watermark more " +
      "than one hour after the server clock is rejected.",
    security: [{ bearer: [] }],
    request: { body: jsonBody(ClockSchema) },
    responses: {
      200: { description: "Buckets closed and alerts emitted" },
      400: jsonResponse(ErrorResponseSchema, "Invalid or future watermark; nothing was closed"),
      404: jsonResponse(ErrorResponseSchema, "No such location"),
    },
  });
  app.post("/v1/locations/:id/clock", requireAdmin, async (c) => {
    const id = c.req.param("id");
    await requireLocation(c, id);
    const body = parseOrThrow(ClockSchema, await readJson(c, 4096, "send only the watermark"), "clock");
    const watermarkMs = timestampMs(body.watermark);
    const nowMs = Date.now();
    if (watermarkMs > nowMs + MAX_WATERMARK_AHEAD_MS) {
      const aheadMs = watermarkMs - nowMs;
      const ahead =
        aheadMs >= 2 * TIME.DAY_MS
          ? `${(aheadMs / TIME.DAY_MS).toFixed(1)} days`
          : `${(aheadMs / TIME.HOUR_MS).toFixed(1)} hours`;
      throw new ValidationFailed("watermark is in the future; nothing was closed", [
        {
          field: "watermark",
          problem: `${body.watermark} is ${ahead} after the server clock (${new Date(nowMs).toISOString()})`,
          fix:
            "send a watermark at most one hour after now; buckets that have not ended close on their own, " +
            "and closing them early would make their live events count as late",
        },
      ]);
    }
    const result = await c.env.LOCATION_MONITOR.getByName(id).replayClock(watermarkMs);
    c.set("logFields", { locationId: id, closed: result.closed, alerts: result.alerts });
    return c.json({ ...result, closedThrough: new Date(result.closedThrough).toISOString() });
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/locations/{id}/state",
    summary: "The location's live state",
    security: [{ bearer: [] }],
    responses: { 200: { description: "State" }, 404: jsonResponse(ErrorResponseSchema, "No such location") },
  });
  app.get("/v1/locations/:id/state", requireAdmin, async (c) => {
    const id = c.req.param("id");
    await requireLocation(c, id);
    return c.json(await c.env.LOCATION_MONITOR.getByName(id).getState(Date.now()));
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/locations/{id}/series",
    summary: "Buckets of one metric with local and UTC start times",
    security: [{ bearer: [] }],
    request: { query: SeriesQuerySchema },
    responses: { 200: { description: "Series" }, 404: jsonResponse(ErrorResponseSchema, "No such location") },
  });
  app.get("/v1/locations/:id/series", requireAdmin, async (c) => {
    const id = c.req.param("id");
    const facts = await requireLocation(c, id);
    const query = parseOrThrow(SeriesQuerySchema, c.req.query(), "query");
    const toMs = query.to ? timestampMs(query.to) : Date.now();
    const fromMs = query.from ? timestampMs(query.from) : toMs - DEFAULT_SERIES_SPAN_MS[query.grain];
    if (toMs <= fromMs) {
      throw new ValidationFailed("invalid range", [
        {
          field: "to",
          problem: `to (${new Date(toMs).toISOString()}) is not after from (${new Date(fromMs).toISOString()})`,
          fix: "send a to later than from",
        },
      ]);
    }
    if (toMs - fromMs > MAX_SERIES_SPAN_MS[query.grain]) {
      const days = MAX_SERIES_SPAN_MS[query.grain] / TIME.DAY_MS;
      const spanDays = ((toMs - fromMs) / TIME.DAY_MS).toFixed(1);
      throw new ValidationFailed("invalid range", [
        {
          field: "from",
          problem: `the range is ${spanDays} days, over the maximum of ${days} days at ${query.grain} grain`,
          fix: "narrow from/to or use grain=day",
        },
      ]);
    }
    const points = await c.env.LOCATION_MONITOR.getByName(id).getSeries(query.metric, query.grain, fromMs, toMs);
    return c.json({
      locationId: id,
      metric: query.metric,
      grain: query.grain,
      timezone: facts.timezone,
      points: points.map((p) => ({
        startUtc: new Date(p.startMs).toISOString(),
        startLocal: formatLocal(facts.timezone, p.startMs),
        ...(p.date ? { date: p.date } : {}),
        value: p.value,
        open: p.open,
        closed: p.closed,
        ...(p.events ? { events: p.events } : {}),
        ...(p.expected === undefined
          ? {}
          : { expected: p.expected, lower: p.lower, upper: p.upper, score: p.score }),
      })),
    });
  });
}
