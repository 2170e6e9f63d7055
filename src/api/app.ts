import { OpenAPIHono } from "@hono/zod-openapi";
import { errorText, log } from "../log";
import type { AppEnv } from "./context";
import { HttpError, NotFound } from "./errors";
import { registerAlertRoutes } from "./routes/alerts";
import { registerEventRoutes } from "./routes/events";
import { registerLocationDataRoutes } from "./routes/location-data";
import { registerLocationRoutes } from "./routes/locations";
import { registerNotificationRoutes } from "./routes/notifications";
import { registerReplayRoutes } from "./routes/replay";
import { registerRoutingRoutes } from "./routes/routing";
import { registerSilenceRoutes } from "./routes/silences";
import { registerTokenRoutes } from "./routes/tokens";
import { registerTrainingRoutes } from "./routes/training";
import { registerPageRoutes } from "../pages/routes";

/** Builds the Worker's HTTP API. */
export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.use(async (c, next) => {
    const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
    const started = Date.now();
    c.set("requestId", requestId);
    c.set("logFields", {});
    await next();
    c.header("x-request-id", requestId);
    log.info("http:request", {
      requestId,
      method: c.req.method,
      path: c.req.routePath,
      status: c.res.status,
      durationMs: Date.now() - started,
      ...c.get("logFields"),
    });
  });

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      return c.json(error.toJSON(), error.status);
    }
    log.error("http:unhandled", {
      requestId: c.get("requestId"),
      path: c.req.path,
      error: errorText(error),
    });
    const internal = new HttpError(500, "internal", "internal error; retry, and report the x-request-id if it persists", [
      {
        field: "(request)",
        problem: "the server failed while handling the request",
        fix: `retry, and report the x-request-id ${c.get("requestId")} if it persists`,
      },
    ]);
    return c.json(internal.toJSON(), 500);
  });

  app.notFound((c) => {
    const route = `${c.req.method} ${c.req.path}`;
    const missing = new NotFound(`no route for ${route}; see /openapi.json`, {
      field: "(path)",
      problem: `no route for ${route}`,
      fix: "check the method and path against /openapi.json",
    });
    return c.json(missing.toJSON(), 404);
  });

  app.get("/healthz", (c) => c.json({ ok: true }));
  registerEventRoutes(app);
  registerLocationRoutes(app);
  registerLocationDataRoutes(app);
  registerReplayRoutes(app);
  registerTokenRoutes(app);
  registerTrainingRoutes(app);
  registerRoutingRoutes(app);
  registerSilenceRoutes(app);
  registerAlertRoutes(app);
  registerNotificationRoutes(app);
  registerPageRoutes(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "sitewatch",
      version: "1",
      description: "Per-location anomaly detection and alert routing for retail chains.",
    },
  });
  return app;
}
