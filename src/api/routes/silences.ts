import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  createSilence,
  expireSilence,
  listSilences,
  rowState,
  type SilenceRow,
} from "../../registry/silences";
import { SilenceInputSchema } from "../../routing/silence";
import { requireAdmin } from "../auth";
import { readJson } from "../body";
import type { AppEnv } from "../context";
import { NotFound } from "../errors";
import { parseOrThrow } from "../validation";
import { ErrorResponseSchema, jsonBody, jsonResponse } from "./openapi-helpers";

const ListQuerySchema = z.object({
  state: z.enum(["pending", "active", "expired"]).optional(),
});

function present(row: SilenceRow, nowMs: number) {
  return {
    id: row.id,
    matchers: row.matchers,
    startsAt: new Date(row.startsAt).toISOString(),
    endsAt: new Date(row.endsAt).toISOString(),
    createdBy: row.createdBy,
    comment: row.comment,
    createdAt: new Date(row.createdAt).toISOString(),
    expiredAt: row.expiredAt === null ? null : new Date(row.expiredAt).toISOString(),
    state: rowState(row, nowMs),
  };
}

/** Registers the silence routes. */
export function registerSilenceRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/silences",
    summary: "Silence alerts that match every matcher between two instants",
    description:
      'Matchers are written as in routes, for example `location="s-12"` or ' +
      '`region=~"eu-.*"`. Silenced alerts are recorded on the alert, not sent.',
    security: [{ bearer: [] }],
    request: { body: jsonBody(SilenceInputSchema) },
    responses: {
      201: { description: "The silence, with its id and state" },
      400: jsonResponse(ErrorResponseSchema, "Invalid silence"),
    },
  });
  app.post("/v1/silences", requireAdmin, async (c) => {
    const body = await readJson(c, 65_536, "send fewer matchers");
    const silence = parseOrThrow(SilenceInputSchema, body, "silence");
    // The matchers as written are kept, since the parsed form holds regexes.
    const written = (body as { matchers: string[] }).matchers;
    const nowMs = Date.now();
    const row = await createSilence(
      c.env.DB,
      {
        matchers: written,
        startsAtMs: Date.parse(silence.startsAt),
        endsAtMs: Date.parse(silence.endsAt),
        createdBy: silence.createdBy,
        comment: silence.comment,
      },
      nowMs,
    );
    c.set("logFields", { silenceId: row.id });
    return c.json(present(row, nowMs), 201);
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/silences",
    summary: "List silences, optionally by `state` (pending, active, expired)",
    security: [{ bearer: [] }],
    responses: { 200: { description: "Silences ordered by start" } },
  });
  app.get("/v1/silences", requireAdmin, async (c) => {
    const query = parseOrThrow(ListQuerySchema, c.req.query(), "query");
    const nowMs = Date.now();
    const silences = (await listSilences(c.env.DB))
      .map((row) => present(row, nowMs))
      .filter((s) => query.state === undefined || s.state === query.state);
    return c.json({ silences });
  });

  app.openAPIRegistry.registerPath({
    method: "delete",
    path: "/v1/silences/{id}",
    summary: "Expire a silence now; it stays listed as expired",
    security: [{ bearer: [] }],
    responses: {
      200: { description: "The expired silence" },
      404: jsonResponse(ErrorResponseSchema, "No such silence"),
    },
  });
  app.delete("/v1/silences/:id", requireAdmin, async (c) => {
    const id = c.req.param("id");
    const nowMs = Date.now();
    const row = await expireSilence(c.env.DB, id, nowMs);
    if (!row) {
      throw new NotFound(`silence "${id}" not found; list them with GET /v1/silences`, {
        field: "id",
        problem: `no silence has the id ${JSON.stringify(id)}`,
        fix: "list the silences with GET /v1/silences and use one of their ids",
      });
    }
    return c.json(present(row, nowMs));
  });
}
