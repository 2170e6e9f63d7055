import type { OpenAPIHono } from "@hono/zod-openapi";
import { inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { z } from "zod";
import { locations as locationsTable } from "../../db/schema";
import {
  LocationIdSchema,
  LocationInputSchema,
  LocationRegistrationSchema,
  type LocationInput,
} from "../../domain/location";
import { MAX_LOCATIONS_PER_REQUEST } from "../../ingest/limits";
import { errorText, log } from "../../log";
import { TIME } from "../../time/zone";
import { getLocation, listLocations, upsertLocations } from "../../registry/locations";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { Conflict, locationNotFound, PartialFailure, ValidationFailed, type FieldIssue } from "../errors";
import { parseOrThrow, plural } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

const MAX_LOCATIONS_BYTES = 4 * 1_048_576;
/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;

const ListQuerySchema = z.object({
  region: z.string().min(1).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

async function storedCurrencies(db: D1Database, ids: string[]): Promise<Map<string, string>> {
  const currencies = new Map<string, string>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const rows = await drizzle(db)
      .select({ id: locationsTable.id, currency: locationsTable.currency })
      .from(locationsTable)
      .where(inArray(locationsTable.id, ids.slice(i, i + IDS_PER_QUERY)));
    for (const row of rows) currencies.set(row.id, row.currency);
  }
  return currencies;
}

/**
 * Reports whether a location's object stores any bucket or daily row. A
 * failed check counts as stored data, so a currency change never passes
 * because the object could not be read.
 */
async function storesData(env: Env, id: string): Promise<boolean> {
  try {
    const days = await env.LOCATION_MONITOR.getByName(id).getSeries("transactions", "day", 0, Date.now() + TIME.DAY_MS);
    return days.length > 0;
  } catch (error) {
    log.warn("locations:data_check_failed", { locationId: id, error: errorText(error) });
    return true;
  }
}

/**
 * Lists the locations of a request that change the currency of a location
 * with stored data. Such a change is rejected, not applied: the object
 * would add the new currency's minor units to buckets and models that hold
 * the old one's (JPY yen onto EUR cents), and nothing converts them. A
 * store that changes currency is registered under a new id.
 */
async function currencyChanges(env: Env, inputs: LocationInput[]): Promise<FieldIssue[]> {
  const stored = await storedCurrencies(env.DB, inputs.map((l) => l.id));
  const issues: FieldIssue[] = [];
  for (const [index, input] of inputs.entries()) {
    const before = stored.get(input.id);
    if (before === undefined || before === input.currency) continue;
    if (!(await storesData(env, input.id))) continue;
    issues.push({
      index,
      field: "currency",
      problem: `location ${input.id} already stores amounts in ${before}, so ${input.currency} amounts would be added to ${before} minor units`,
      fix: `keep currency ${before}, or register the store under a new id with ${input.currency}`,
    });
  }
  return issues;
}

/** Registers location registration and lookup routes. */
export function registerLocationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/locations",
    summary: "Register or update up to 1,000 locations",
    security: [{ bearer: [] }],
    description:
      "Every location is checked before any is stored: unknown fields, real " +
      "calendar dates, weekly and exception hours that end after they start " +
      "and do not overlap, and a country and subdivision the holiday calendar " +
      "(date-holidays) knows. The currency of a location that already stores " +
      "data cannot change (409).",
    request: { body: jsonBody(z.array(LocationRegistrationSchema).max(MAX_LOCATIONS_PER_REQUEST)) },
    responses: {
      200: jsonResponse(z.object({ upserted: z.number().int() }), "All locations stored"),
      400: jsonResponse(ErrorResponseSchema, "Invalid locations; nothing was stored"),
      409: jsonResponse(ErrorResponseSchema, "A currency change of a location with data; nothing was stored"),
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
    const inputs = parseOrThrow(z.array(LocationRegistrationSchema), body, "locations", { indexed: true });
    const duplicateIds = inputs.map((l) => l.id).filter((id, i, all) => all.indexOf(id) !== i);
    if (duplicateIds.length > 0) {
      throw new ValidationFailed("a location id appears twice", duplicateIds.map((id) => ({
        index: inputs.findLastIndex((l) => l.id === id),
        field: "id",
        problem: `"${id}" repeats an earlier item`,
        fix: "send each location once",
      })));
    }
    const changes = await currencyChanges(c.env, inputs);
    if (changes.length > 0) {
      throw new Conflict(
        `${plural(changes.length, "location")} would change the currency of stored data; nothing was stored`,
        changes,
      );
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
    if (!location) throw locationNotFound(c.req.param("id"));
    return c.json(location);
  });
}
