import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { PosEventSchema } from "../../domain/event";
import { METRICS } from "../../domain/metrics";
import { checkHistoryRows, DailyHistoryRowSchema, HourlyHistoryRowSchema } from "../../ingest/history";
import { MAX_HISTORY_BYTES, MAX_HISTORY_ROWS } from "../../ingest/limits";
import { checkBatch } from "../../ingest/validate-batch";
import { lookupLocations, type LocationFacts } from "../../registry/location-cache";
import { formatLocal, TIME } from "../../time/zone";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { NotFound, ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

const HistoryBodySchema = z.union([
  z.object({ grain: z.literal("hour"), rows: z.array(z.unknown()).min(1).max(MAX_HISTORY_ROWS) }),
  z.object({ grain: z.literal("day"), rows: z.array(z.unknown()).min(1).max(MAX_HISTORY_ROWS) }),
  z.object({ events: z.array(z.unknown()).min(1).max(MAX_HISTORY_ROWS) }),
]);

const ClockSchema = z.object({
  /** Buckets ending at or before this instant close. */
  watermark: z.iso.datetime({ offset: true }),
});

const MAX_SERIES_SPAN_MS = { hour: 100 * TIME.DAY_MS, day: 4 * 366 * TIME.DAY_MS };
const DEFAULT_SERIES_SPAN_MS = { hour: 7 * TIME.DAY_MS, day: 90 * TIME.DAY_MS };

const SeriesQuerySchema = z.object({
  metric: z.enum(METRICS),
  grain: z.enum(["hour", "day"]).default("hour"),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

async function requireLocation(c: { env: Env }, id: string): Promise<LocationFacts> {
  const facts = (await lookupLocations(c.env.DB, [id], Date.now())).get(id);
  if (!facts) throw new NotFound(`location "${id}" is not registered; register it with POST /v1/locations`);
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
      "events are deduplicated by id. Daily rows stay daily.",
    security: [{ bearer: [] }],
    request: {
      body: jsonBody(
        z.union([
          z.object({ grain: z.literal("hour"), rows: z.array(HourlyHistoryRowSchema) }),
          z.object({ grain: z.literal("day"), rows: z.array(DailyHistoryRowSchema) }),
          z.object({ events: z.array(PosEventSchema) }),
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

    if ("events" in body) {
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

    const checked = checkHistoryRows(body.grain, body.rows, facts);
    if (checked.issues.length > 0) {
      throw new ValidationFailed(
        `${new Set(checked.issues.map((i) => i.index)).size} of ${body.rows.length} rows are invalid; nothing was stored`,
        checked.issues,
      );
    }
    const { written } = await stub.backfillHistory(body.grain, checked.rows);
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
      "event time: its alarm no longer advances the clock.",
    security: [{ bearer: [] }],
    request: { body: jsonBody(ClockSchema) },
    responses: { 200: { description: "Buckets closed and alerts emitted" } },
  });
  app.post("/v1/locations/:id/clock", requireAdmin, async (c) => {
    const id = c.req.param("id");
    await requireLocation(c, id);
    const body = parseOrThrow(ClockSchema, await readJson(c, 4096, "send only the watermark"), "clock");
    const result = await c.env.LOCATION_MONITOR.getByName(id).replayClock(Date.parse(body.watermark));
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
    const toMs = query.to ? Date.parse(query.to) : Date.now();
    const fromMs = query.from ? Date.parse(query.from) : toMs - DEFAULT_SERIES_SPAN_MS[query.grain];
    if (toMs - fromMs > MAX_SERIES_SPAN_MS[query.grain] || toMs <= fromMs) {
      const days = MAX_SERIES_SPAN_MS[query.grain] / TIME.DAY_MS;
      throw new ValidationFailed("invalid range", [
        { field: "from", problem: `range must be positive and at most ${days} days at ${query.grain} grain`, fix: "narrow from/to or use grain=day" },
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
