import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { LocationIdSchema, LocationInputSchema } from "../../domain/location";
import { MAX_LOCATIONS_PER_REQUEST } from "../../ingest/limits";
import { errorText, log } from "../../log";
import { getLocation, listLocations, upsertLocations } from "../../registry/locations";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { NotFound, PartialFailure, ValidationFailed } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

const MAX_LOCATIONS_BYTES = 4 * 1_048_576;

const ListQuerySchema = z.object({
  region: z.string().min(1).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Registers location registration and lookup routes. */
export function registerLocationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/locations",
    summary: "Register or update up to 1,000 locations",
    security: [{ bearer: [] }],
    request: { body: jsonBody(z.array(LocationInputSchema).max(MAX_LOCATIONS_PER_REQUEST)) },
    responses: {
      200: jsonResponse(z.object({ upserted: z.number().int() }), "All locations stored"),
      400: jsonResponse(ErrorResponseSchema, "Invalid locations; nothing was stored"),
    },
  });
  app.post("/v1/locations", requireAdmin, async (c) => {
    const body = await readJson(c, MAX_LOCATIONS_BYTES, "send at most 1,000 locations per request");
    if (!Array.isArray(body)) {
      throw new ValidationFailed("body must be a JSON array of locations", [
        { field: "(body)", problem: "not an array", fix: "send [{\"id\": ..., ...}, ...]" },
      ]);
    }
    if (body.length > MAX_LOCATIONS_PER_REQUEST) {
      throw new ValidationFailed(
        `${body.length} locations exceed the limit of ${MAX_LOCATIONS_PER_REQUEST}; split the request`,
        [{ field: "(body)", problem: `${body.length} items`, fix: "send at most 1,000 per request" }],
      );
    }
    const inputs = parseOrThrow(z.array(LocationInputSchema), body, "locations", { indexed: true });
    const duplicateIds = inputs.map((l) => l.id).filter((id, i, all) => all.indexOf(id) !== i);
    if (duplicateIds.length > 0) {
      throw new ValidationFailed("a location id appears twice", duplicateIds.map((id) => ({
        index: inputs.findLastIndex((l) => l.id === id),
        field: "id",
        problem: `"${id}" repeats an earlier item`,
        fix: "send each location once",
      })));
    }

    const profiles = await upsertLocations(c.env.DB, inputs, Date.now());
    const settled = await Promise.allSettled(
      profiles.map((p) => c.env.LOCATION_MONITOR.getByName(p.id).configure(p)),
    );
    const failed = settled.flatMap((s, i) =>
      s.status === "rejected" ? [{ locationId: profiles[i].id, reason: errorText(s.reason) }] : [],
    );
    c.set("logFields", { locations: inputs.length, failed: failed.length });
    if (failed.length > 0) {
      for (const f of failed.slice(0, 5)) log.warn("locations:configure_failed", { requestId: c.get("requestId"), ...f });
      throw new PartialFailure(
        `${failed.length} of ${profiles.length} location objects were not updated; resend the same request`,
        { upserted: profiles.length, failed },
      );
    }
    return c.json({ upserted: profiles.length });
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/locations",
    summary: "List locations, ordered by id",
    security: [{ bearer: [] }],
    request: { query: ListQuerySchema },
    responses: {
      200: jsonResponse(
        z.object({ locations: z.array(LocationInputSchema), nextCursor: z.string().nullable() }),
        "A page of locations",
      ),
    },
  });
  app.get("/v1/locations", requireAdmin, async (c) => {
    const query = parseOrThrow(ListQuerySchema, c.req.query(), "query");
    const page = await listLocations(c.env.DB, query);
    const nextCursor = page.length === query.limit ? page[page.length - 1].id : null;
    return c.json({ locations: page, nextCursor });
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/locations/{id}",
    summary: "Read one location",
    security: [{ bearer: [] }],
    request: { params: z.object({ id: LocationIdSchema }) },
    responses: {
      200: jsonResponse(LocationInputSchema, "The location"),
      404: jsonResponse(ErrorResponseSchema, "No such location"),
    },
  });
  app.get("/v1/locations/:id", requireAdmin, async (c) => {
    const location = await getLocation(c.env.DB, c.req.param("id"));
    if (!location) throw new NotFound(`location "${c.req.param("id")}" is not registered`);
    return c.json(location);
  });
}
