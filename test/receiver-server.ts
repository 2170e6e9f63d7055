import { createServer, type IncomingMessage, type Server } from "node:http";

/**
 * A scriptable HTTP receiver on loopback for delivery tests. Requests to
 * `/hook/:name` are recorded and answered by that hook's script; tests in
 * workerd drive it over HTTP:
 *
 * - `POST /control/:name` with `{responses?, fallback?, rateLimit?}` resets the
 *   hook. `responses` are used in order, then `fallback` (200 by default).
 *   `rateLimit` answers 429 with Retry-After to requests beyond `perSecond`.
 * - `GET /control/:name` returns `{requests: [...]}` received so far.
 */
export interface ScriptedResponse {
  status: number;
  delayMs?: number;
  headers?: Record<string, string>;
  body?: string;
}

interface HookScript {
  responses: ScriptedResponse[];
  fallback: ScriptedResponse;
  rateLimit?: { perSecond: number; retryAfterSeconds: number };
  acceptedAt: number[];
  requests: RecordedRequest[];
}

export interface RecordedRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
  status: number;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function newScript(): HookScript {
  return { responses: [], fallback: { status: 200 }, acceptedAt: [], requests: [] };
}

/** Starts the receiver on an ephemeral loopback port. */
export async function startReceiver(): Promise<{ server: Server; port: number }> {
  const hooks = new Map<string, HookScript>();
  const hook = (name: string) => {
    let script = hooks.get(name);
    if (!script) {
      script = newScript();
      hooks.set(name, script);
    }
    return script;
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const body = await readBody(request);
    const [, kind, name] = url.pathname.split("/");

    if (kind === "control" && name) {
      if (request.method === "POST") {
        const options = body ? JSON.parse(body) : {};
        const script = newScript();
        script.responses = options.responses ?? [];
        script.fallback = options.fallback ?? { status: 200 };
        script.rateLimit = options.rateLimit;
        hooks.set(name, script);
        response.writeHead(204).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ requests: hook(name).requests }));
      return;
    }
    if (kind !== "hook" || !name) {
      response.writeHead(404).end();
      return;
    }

    const script = hook(name);
    const now = Date.now();
    let answer = script.responses.shift() ?? script.fallback;
    if (script.rateLimit) {
      const recent = script.acceptedAt.filter((t) => now - t < 1000);
      if (recent.length >= script.rateLimit.perSecond) {
        answer = {
          status: 429,
          headers: { "retry-after": String(script.rateLimit.retryAfterSeconds) },
        };
      } else {
        script.acceptedAt.push(now);
      }
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, String(v)]),
    );
    script.requests.push({
      method: request.method ?? "GET",
      headers,
      body,
      receivedAt: now,
      status: answer.status,
    });
    if (answer.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    }
    if (response.destroyed) return;
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body ?? "");
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("receiver did not bind to a TCP port");
  }
  return { server, port: address.port };
}
