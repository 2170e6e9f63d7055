import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { PosEventSchema } from "../../domain/event";
import { checkBatch, locationIdsOf } from "../../ingest/validate-batch";
import { fanOut } from "../../ingest/fan-out";
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from "../../ingest/limits";
import { lookupLocations } from "../../registry/location-cache";
import { requireIngest } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { Forbidden, PartialFailure, ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

const BatchSchema = z.strictObject({
  events: z.array(z.unknown()).min(1).max(MAX_BATCH_EVENTS),
});

export const IngestResultSchema = z.object({
  accepted: z.number().int(),
  duplicate: z.number().int(),
  late: z.number().int(),
  locations: z.number().int(),
});

/** Registers POST /v1/events. */
export function registerEventRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/events",
    summary: "Ingest a batch of POS events",
    description:
      "Up to 1,000 events or 1 MB. Any invalid event rejects the whole batch. " +
      "A repeated event id is counted as duplicate and not applied again.",
    security: [{ bearer: [] }],
    request: { body: jsonBody(z.strictObject({ events: z.array(PosEventSchema) })) },
    responses: {
      200: jsonResponse(IngestResultSchema, "Every event applied or counted as duplicate"),
      400: jsonResponse(ErrorResponseSchema, "Invalid batch; nothing was stored"),
      403: jsonResponse(ErrorResponseSchema, "The token may not post for a location"),
      413: jsonResponse(ErrorResponseSchema, "Batch too large"),
      503: jsonResponse(ErrorResponseSchema, "Some locations failed; resend the same batch"),
    },
  });

  app.post("/v1/events", requireIngest, async (c) => {
    const body = await readJson(c, MAX_BATCH_BYTES, "split the batch");
    if (Array.isArray((body as { events?: unknown })?.events)) {
      const count = (body as { events: unknown[] }).events.length;
      if (count > MAX_BATCH_EVENTS) {
        throw new ValidationFailed(
          `batch of ${count} events exceeds the limit of ${MAX_BATCH_EVENTS}; split it`,
          [{ field: "events", problem: `${count} events`, fix: `send at most ${MAX_BATCH_EVENTS} per request` }],
        );
      }
    }
    const { events } = parseOrThrow(BatchSchema, body, "batch");
    const principal = c.get("principal");
    const now = Date.now();

    const ids = locationIdsOf(events);
    if (principal.kind === "ingest" && principal.locationIds) {
      const allowed = new Set(principal.locationIds);
      const foreign = [...new Set(ids.filter((id) => !allowed.has(id)))];
      if (foreign.length > 0) {
        const firstIndex = new Map<string, number>();
        events.forEach((raw, index) => {
          const id = (raw as { locationId?: unknown } | null)?.locationId;
          if (typeof id === "string" && !firstIndex.has(id)) firstIndex.set(id, index);
        });
        throw new Forbidden(
          `this ingest token may not post for location ${foreign.slice(0, 10).join(", ")}; use a token scoped to it`,
          foreign.slice(0, 50).map((id) => ({
            index: firstIndex.get(id),
            field: "locationId",
            problem: `this ingest token may not post for location ${id}`,
            fix: "send the events with a token scoped to that location, or create one with POST /v1/tokens",
          })),
        );
      }
    }
    const facts = await lookupLocations(c.env.DB, ids, now);
    const checked = checkBatch(events, facts, { nowMs: now, enforceLateWindow: true });
    if (checked.issues.length > 0) {
      const invalid = new Set(checked.issues.map((i) => i.index)).size;
      throw new ValidationFailed(
        `${invalid} of ${events.length} events are invalid; nothing was stored`,
        checked.issues,
      );
    }

    const result = await fanOut(c.env, checked.byLocation, now, c.get("requestId"));
    c.set("logFields", {
      events: events.length,
      locations: checked.byLocation.size,
      accepted: result.accepted,
      duplicate: result.duplicate,
    });
    if (result.failed.length > 0) {
      throw new PartialFailure(
        `${result.failed.length} of ${checked.byLocation.size} locations failed; resend the same batch, applied events are deduplicated`,
        { accepted: result.accepted, duplicate: result.duplicate, failed: result.failed },
      );
    }
    return c.json({
      accepted: result.accepted,
      duplicate: result.duplicate,
      late: result.late,
      locations: checked.byLocation.size,
    });
  });
}
