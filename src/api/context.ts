import type { IngestScope } from "../auth/ingest-tokens";

/** Who is calling: the admin, or an ingest token with its scope. */
export type Principal = { kind: "admin" } | ({ kind: "ingest" } & IngestScope);

/** Hono environment shared by every route. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    principal: Principal;
    /** Counts a handler adds to the request's log line. */
    logFields: Record<string, number | string>;
  };
}
