import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { createIngestToken, revokeIngestToken } from "../../auth/ingest-tokens";
import { LocationIdSchema } from "../../domain/location";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { NotFound } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

/**
 * Strict, because an unknown key changes what the token may do: a
 * misspelled `locations` would leave `locationIds` at its default, null,
 * which scopes the token to every location.
 */
const CreateTokenSchema = z.strictObject({
  label: z.string().max(200).optional(),
  /** Locations the token may post for; omit or null for every location. */
  locationIds: z.array(LocationIdSchema).min(1).max(10_000).nullable().default(null),
});

const CreatedTokenSchema = z.object({
  id: z.string(),
  token: z.string(),
  locationIds: z.array(z.string()).nullable(),
});

/** Registers ingest-token management routes. */
export function registerTokenRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/tokens",
    summary: "Create an ingest token; the token is shown only in this response",
    security: [{ bearer: [] }],
    request: { body: jsonBody(CreateTokenSchema) },
    responses: {
      201: jsonResponse(CreatedTokenSchema, "Created"),
      400: jsonResponse(ErrorResponseSchema, "Invalid body, such as an unknown field"),
    },
  });
  app.post("/v1/tokens", requireAdmin, async (c) => {
    const input = parseOrThrow(CreateTokenSchema, await readJson(c, 1_048_576, "send fewer ids"), "token");
    const created = await createIngestToken(c.env.DB, input, Date.now());
    return c.json({ ...created, locationIds: input.locationIds }, 201);
  });

  app.openAPIRegistry.registerPath({
    method: "delete",
    path: "/v1/tokens/{id}",
    summary: "Revoke an ingest token (effective within a minute)",
    security: [{ bearer: [] }],
    responses: {
      204: { description: "Revoked" },
      404: jsonResponse(ErrorResponseSchema, "No such token"),
    },
  });
  app.delete("/v1/tokens/:id", requireAdmin, async (c) => {
    const revoked = await revokeIngestToken(c.env.DB, c.req.param("id"), Date.now());
    if (!revoked) {
      const id = c.req.param("id");
      throw new NotFound(`token "${id}" not found`, {
        field: "id",
        problem: `no token has the id ${JSON.stringify(id)}`,
        fix: "use the id POST /v1/tokens returned, not the token itself",
      });
    }
    return c.body(null, 204);
  });
}
