import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { secretsEqual } from "../auth/crypto";
import { verifyLinkToken, type LinkScope } from "../auth/link-token";
import type { AppEnv } from "../api/context";

/** Cookie that carries the admin's signed browser session. */
export const SESSION_COOKIE = "sitewatch_session";

/** Reader of a page: the admin, or the holder of one location's link. */
export type PageAccess = LinkScope;

/** Reason a request may not read a page, as data the caller renders. */
export interface AccessDenied {
  status: 401 | 403;
  code: string;
  message: string;
}

export type AccessResult =
  | { ok: true; access: PageAccess }
  | { ok: false; denied: AccessDenied };

const TOKEN_REJECTIONS: Record<string, string> = {
  expired: "This link has expired. Open the latest alert again, or ask for a new link.",
  invalid_signature: "This link is not valid. It may have been changed or cut short.",
  malformed: "This link is not valid. It may have been changed or cut short.",
};

async function isAdminBearer(c: Context<AppEnv>): Promise<boolean> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!match || !c.env.ADMIN_TOKEN) return false;
  return secretsEqual(match[1], c.env.ADMIN_TOKEN);
}

async function isAdminSession(c: Context<AppEnv>, nowMs: number) {
  const session = getCookie(c, SESSION_COOKIE);
  if (!session) return false;
  const check = await verifyLinkToken(c.env.SECRETS_KEY, session, nowMs);
  return check.ok && check.token.scope.kind === "admin";
}

/**
 * Works out who is asking: the admin by bearer header or session cookie,
 * else the holder of the `token` query parameter. A bad or expired token is
 * rejected with 401 and a reason a person can act on.
 */
export async function resolveAccess(
  c: Context<AppEnv>,
  nowMs: number,
): Promise<AccessResult> {
  if ((await isAdminBearer(c)) || (await isAdminSession(c, nowMs))) {
    return { ok: true, access: { kind: "admin" } };
  }
  const token = c.req.query("token");
  if (!token) {
    const message = "This page needs the link from an alert, or the admin to sign in.";
    return { ok: false, denied: { status: 401, code: "unauthorized", message } };
  }
  const check = await verifyLinkToken(c.env.SECRETS_KEY, token, nowMs);
  if (!check.ok) {
    const message = TOKEN_REJECTIONS[check.reason];
    return { ok: false, denied: { status: 401, code: `link_${check.reason}`, message } };
  }
  return { ok: true, access: check.token.scope };
}

/** Returns why `access` may not read `locationId`, or null when it may. */
export function deniedForLocation(
  access: PageAccess,
  locationId: string,
): AccessDenied | null {
  if (access.kind === "admin" || access.locationId === locationId) return null;
  const message = "This link opens another location's page, not this one.";
  return { status: 403, code: "forbidden", message };
}

/** Returns why `access` may not read the fleet overview, or null. */
export function deniedForFleet(access: PageAccess): AccessDenied | null {
  if (access.kind === "admin") return null;
  const message = "The fleet overview needs the admin; this link opens one location only.";
  return { status: 403, code: "forbidden", message };
}
