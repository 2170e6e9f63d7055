import { createMiddleware } from "hono/factory";
import { secretsEqual } from "../auth/crypto";
import { verifyIngestToken } from "../auth/ingest-tokens";
import type { AppEnv } from "./context";
import { Forbidden, Unauthorized } from "./errors";

function bearer(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match) {
    throw new Unauthorized("missing bearer token: send the header Authorization: Bearer <token>", {
      field: "Authorization",
      problem: "the Authorization header is missing or not of the form Bearer <token>",
      fix: "send the header Authorization: Bearer <token>",
    });
  }
  return match[1];
}

async function isAdmin(env: Env, token: string): Promise<boolean> {
  if (!env.ADMIN_TOKEN) return false;
  return secretsEqual(token, env.ADMIN_TOKEN);
}

/** Requires the admin token. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  if (!(await isAdmin(c.env, token))) {
    throw new Forbidden("this endpoint needs the admin token", {
      field: "Authorization",
      problem: "the bearer token is not the admin token",
      fix: "call this endpoint with the admin token; ingest tokens may only post events",
    });
  }
  c.set("principal", { kind: "admin" });
  await next();
});

/** Accepts the admin token or a valid ingest token; the route checks scope. */
export const requireIngest = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  if (await isAdmin(c.env, token)) {
    c.set("principal", { kind: "admin" });
  } else {
    const scope = await verifyIngestToken(c.env.DB, token, Date.now());
    if (!scope) {
      throw new Unauthorized("invalid, unknown or revoked ingest token", {
        field: "Authorization",
        problem: "the bearer token is not the admin token nor a valid ingest token; it may be revoked",
        fix: "send the admin token, or an ingest token created with POST /v1/tokens",
      });
    }
    c.set("principal", { kind: "ingest", ...scope });
  }
  await next();
});
