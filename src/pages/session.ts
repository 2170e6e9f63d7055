import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { secretsEqual } from "../auth/crypto";
import { signLinkToken } from "../auth/link-token";
import type { AppEnv } from "../api/context";
import { log } from "../log";
import { SESSION_COOKIE } from "./access";
import { sendErrorPage } from "./error-page";

/** How long the admin's browser session lasts: 12 hours. */
export const ADMIN_SESSION_LIFETIME_MS = 12 * 3_600_000;

/**
 * Returns `next` when it is a path on this site, else `/`, so the sign-in
 * form cannot be used to send the admin to another host.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  if (next.startsWith("//") || next.includes("\\")) return "/";
  return next;
}

/**
 * Signs the admin in from the form on a 401 page: checks the admin token in
 * constant time and sets a signed session cookie, which contains no secret.
 */
export async function signIn(c: Context<AppEnv>, nowMs: number) {
  const form = await c.req.parseBody();
  const token = typeof form.token === "string" ? form.token : "";
  const adminToken = c.env.ADMIN_TOKEN;
  if (!token || !adminToken || !(await secretsEqual(token, adminToken))) {
    log.warn("pages:sign_in_rejected", { requestId: c.get("requestId") });
    return sendErrorPage(c, 401, "That is not the admin token. Try again.");
  }
  const expiresMs = nowMs + ADMIN_SESSION_LIFETIME_MS;
  const session = await signLinkToken(c.env.SECRETS_KEY, { kind: "admin" }, expiresMs);
  setCookie(c, SESSION_COOKIE, session, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: ADMIN_SESSION_LIFETIME_MS / 1000,
  });
  return c.redirect(safeNextPath(form.next), 303);
}
