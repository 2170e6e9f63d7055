import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

/** One notification as the local receiver saw it. */
export interface ReceivedNotification {
  receiver: string;
  receivedAt: string;
  /** One line per alert in the message. */
  lines: string[];
  signatureValid: boolean | null;
}

const MAX_KEPT = 500;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Checks a Standard Webhooks signature: HMAC-SHA256 of "id.timestamp.body". */
function verifySignature(request: IncomingMessage, body: string, secret: string): boolean {
  const id = String(request.headers["webhook-id"] ?? "");
  const timestamp = String(request.headers["webhook-timestamp"] ?? "");
  const signatures = String(request.headers["webhook-signature"] ?? "").split(" ");
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.some((entry) => {
    const [version, value] = entry.split(",");
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function describeWebhook(body: any): string[] {
  const alerts = [...(body?.data?.firing ?? []), ...(body?.data?.resolved ?? [])];
  return alerts.map(
    (a: any) =>
      `${a.status === "resolved" ? "RESOLVED" : a.severity.toUpperCase()} ${a.type} at ${a.location.name} (${a.location.id}): ${a.summary}`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

function page(received: ReceivedNotification[]): string {
  const rows = [...received]
    .reverse()
    .map(
      (n) =>
        `<li><b>${escapeHtml(n.receiver)}</b> <time>${escapeHtml(n.receivedAt)}</time><ul>${n.lines
          .map((l) => `<li>${escapeHtml(l)}</li>`)
          .join("")}</ul></li>`,
    )
    .join("");
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sitewatch receiver</title>
<style>body{font:15px system-ui,sans-serif;margin:1.5rem;max-width:60rem}li{margin:.4rem 0}time{color:#666}</style>
<h1>Alerts received (${received.length})</h1><ul>${rows || "<li>None yet.</li>"}</ul>`;
}

/** Lists one line per alert of a signed webhook, or a Slack message's text. */
function linesOf(parsed: any): string[] {
  if (parsed?.data) return describeWebhook(parsed);
  if (parsed?.text) return [String(parsed.text)];
  return [];
}

/**
 * Starts the local webhook receiver of `npm start`: `/hook/<receiver>`
 * accepts Slack-format and signed JSON webhooks, prints each alert, and `/`
 * shows them as a page that refreshes itself.
 */
export async function startReceiver(options: {
  port: number;
  webhookSecret: string;
  onNotification: (notification: ReceivedNotification) => void;
}): Promise<{ server: Server; url: string; received: ReceivedNotification[] }> {
  const received: ReceivedNotification[] = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (request.method === "GET" && url.pathname === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(received));
      return;
    }
    const match = /^\/hook\/([\w-]+)$/.exec(url.pathname);
    if (request.method !== "POST" || !match) {
      response.writeHead(404).end();
      return;
    }
    const body = await readBody(request);
    let parsed: any = null;
    try {
      parsed = JSON.parse(body);
    } catch {
      // Not JSON: recorded with no lines, and rejected with 400 below.
    }
    const signed = request.headers["webhook-signature"] !== undefined;
    const notification: ReceivedNotification = {
      receiver: match[1],
      receivedAt: new Date().toISOString(),
      lines: linesOf(parsed),
      signatureValid: signed ? verifySignature(request, body, options.webhookSecret) : null,
    };
    received.push(notification);
    if (received.length > MAX_KEPT) received.shift();
    options.onNotification(notification);
    response.writeHead(parsed ? 200 : 400).end(parsed ? "ok" : "invalid JSON");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return { server, url: `http://127.0.0.1:${port}`, received };
}
