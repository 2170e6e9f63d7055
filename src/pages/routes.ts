import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { signLinkToken } from "../auth/link-token";
import { LINK_TOKEN_LIFETIME_MS } from "../auth/link-token";
import { locationPagePath } from "../auth/location-link";
import type { AppEnv } from "../api/context";
import { Forbidden, NotFound, Unauthorized, ValidationFailed } from "../api/errors";
import { errorText, log } from "../log";
import type { LocationState } from "../../durable-objects/location-monitor";
import { getLocation } from "../registry/locations";
import { hourBucketStart, TIME } from "../time/zone";
import {
  deniedForFleet,
  deniedForLocation,
  resolveAccess,
  type AccessDenied,
  type PageAccess,
} from "./access";
import { ASSET_MAX_AGE_SECONDS, PAGE_ASSETS } from "./assets";
import { buildChartPoints, listChartAnomalies, type ChartSeries } from "./chart-data";
import { sendErrorPage } from "./error-page";
import { groupAlerts, listFiringAlerts, loadFleetCounts, MAX_LISTED_ALERTS } from "./fleet-data";
import { sendPage } from "./layout";
import { locationPage } from "./location-page";
import { overviewPage } from "./overview-page";
import { signIn } from "./session";
import { parseChartChoice } from "./view-query";

/** The sign-in form carries one token and a path; 4 KiB is plenty. */
const MAX_SIGN_IN_BYTES = 4_096;

/** How far past the watermark the chart may end, in ms: the open bucket. */
const CHART_LEAD_MS = TIME.HOUR_MS;

function throwDenied(denied: AccessDenied): never {
  if (denied.status === 401) throw new Unauthorized(denied.message);
  throw new Forbidden(denied.message);
}

/**
 * Runs a page handler and turns an unexpected failure into a plain error
 * page, because a person opening a link should not get JSON.
 */
async function guardPage(
  c: Context<AppEnv>,
  render: () => Promise<Response>,
): Promise<Response> {
  try {
    return await render();
  } catch (error) {
    const requestId = c.get("requestId");
    log.error("pages:failed", { requestId, path: c.req.path, error: errorText(error) });
    return sendErrorPage(c, 500, `The page failed to load; retry, and report request ${requestId} if it persists.`);
  }
}

async function locationAccess(c: Context<AppEnv>, id: string, nowMs: number) {
  const result = await resolveAccess(c, nowMs);
  if (!result.ok) return result;
  const denied = deniedForLocation(result.access, id);
  return denied ? { ok: false as const, denied } : result;
}

function expiryOf(c: Context<AppEnv>, access: PageAccess): number | null {
  // Only the link holder's page shows an expiry; the admin's has none.
  if (access.kind === "admin") return null;
  const token = c.req.query("token") ?? "";
  return Number(token.split(".")[2]) * 1000;
}

async function renderLocation(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const nowMs = Date.now();
  const result = await locationAccess(c, id, nowMs);
  if (!result.ok) return sendErrorPage(c, result.denied.status, result.denied.message);
  const location = await getLocation(c.env.DB, id);
  if (!location) return sendErrorPage(c, 404, `No location "${id}" is registered.`);

  // The RPC type maps AlertEvent's `unknown` context to never, so name it.
  const state: LocationState = await c.env.LOCATION_MONITOR.getByName(id).getState(nowMs);
  const alerted = state.openAnomalies[0]?.metric ?? "transactions";
  const chart = parseChartChoice(c.req.query(), alerted);
  const closedMs = state.closedThrough ? Date.parse(state.closedThrough) : null;
  const chartToMs = closedMs === null ? nowMs : Math.min(closedMs + CHART_LEAD_MS, nowMs);
  const token = result.access.kind === "location" ? (c.req.query("token") ?? null) : null;
  const page = locationPage({
    location, state, chart, chartToMs, nowMs, token, expiresMs: expiryOf(c, result.access),
  });
  return sendPage(c, page);
}

async function renderOverview(c: Context<AppEnv>): Promise<Response> {
  const nowMs = Date.now();
  const result = await resolveAccess(c, nowMs);
  if (!result.ok) return sendErrorPage(c, result.denied.status, result.denied.message);
  const denied = deniedForFleet(result.access);
  if (denied) return sendErrorPage(c, denied.status, denied.message);

  const [counts, events] = await Promise.all([
    loadFleetCounts(c.env.DB),
    listFiringAlerts(c.env.DB),
  ]);
  // Each row links with a fresh token, so a copied link works for a week.
  const links = new Map<string, string>();
  const expiresMs = nowMs + LINK_TOKEN_LIFETIME_MS;
  for (const id of new Set(events.map((e) => e.location.id))) {
    const scope = { kind: "location", locationId: id } as const;
    const token = await signLinkToken(c.env.SECRETS_KEY, scope, expiresMs);
    links.set(id, `${locationPagePath(id)}?token=${token}`);
  }
  const groups = groupAlerts(events);
  const truncated = events.length >= MAX_LISTED_ALERTS;
  return sendPage(c, overviewPage({ counts, groups, links, truncated, nowMs }));
}

async function chartSeries(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const nowMs = Date.now();
  const result = await locationAccess(c, id, nowMs);
  if (!result.ok) throwDenied(result.denied);
  const location = await getLocation(c.env.DB, id);
  if (!location) throw new NotFound(`location "${id}" is not registered`);

  const chart = parseChartChoice(c.req.query(), "transactions");
  const toParam = Number(c.req.query("to") ?? nowMs);
  if (!Number.isFinite(toParam) || toParam <= 0) {
    throw new ValidationFailed("invalid chart range", [
      { field: "to", problem: "expected the range end in ms since the epoch", fix: "send to=<ms> or leave it out" },
    ]);
  }
  // Ends on an hour boundary, so the range contains whole buckets only.
  const endMs = Math.min(toParam, nowMs + CHART_LEAD_MS);
  const toMs = hourBucketStart(location.timezone, endMs - 1) + TIME.HOUR_MS;
  const range = { fromMs: toMs - chart.days * TIME.DAY_MS, toMs };
  const stub = c.env.LOCATION_MONITOR.getByName(id);
  const [stored, open] = await Promise.all([
    stub.getSeries(chart.metric, "hour", range.fromMs, range.toMs),
    stub.getOpenAnomalies(),
  ]);
  const body: ChartSeries = {
    metric: chart.metric,
    timezone: location.timezone,
    currency: location.currency,
    ...range,
    points: buildChartPoints(location, chart.metric, stored, range),
    anomalies: await listChartAnomalies(c.env.DB, id, open, range),
  };
  c.header("cache-control", "no-store");
  return c.json(body);
}

function serveAsset(c: Context<AppEnv>): Response {
  const asset = PAGE_ASSETS[c.req.param("name") ?? ""];
  if (!asset) throw new NotFound(`no asset "${c.req.param("name")}"`);
  c.header("content-type", asset.contentType);
  c.header("cache-control", `public, max-age=${ASSET_MAX_AGE_SECONDS}`);
  c.header("x-content-type-options", "nosniff");
  return c.body(asset.body);
}

/**
 * Registers the pages for people: the fleet overview at `/`, each
 * location's page, the chart data they load, admin sign-in and the assets.
 * They stay out of the OpenAPI document, which describes the /v1 API.
 */
export function registerPageRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get("/", (c) => guardPage(c, () => renderOverview(c)));
  app.get("/locations/:id", (c) => guardPage(c, () => renderLocation(c)));
  app.get("/pages/api/locations/:id/series", chartSeries);
  app.post(
    "/pages/session",
    bodyLimit({
      maxSize: MAX_SIGN_IN_BYTES,
      onError: (c) => sendErrorPage(c, 401, "The sign-in form was too large; send only the admin token."),
    }),
    (c) => guardPage(c, () => signIn(c, Date.now())),
  );
  app.get("/assets/:name", serveAsset);
}
