import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeAlert } from "../alerts/fixtures";
import { api } from "../helpers";
import { hookUrl, scriptHook } from "../receiver";
import {
  emit,
  eventually,
  putRouting,
  secretHook,
  SIGNING_SECRET,
  slack,
  webhook,
} from "./helpers";

let logLines: string[] = [];

beforeEach(() => {
  logLines = [];
  for (const level of ["log", "info", "debug", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(" "));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The parts of a hook URL that would give it away: its path token. */
function secretParts(hook: string): string[] {
  // The redacted form keeps the last four characters, so check the rest.
  const token = hook.slice(hook.indexOf("T0SECRET"), -4);
  return [token, hookUrl(hook), SIGNING_SECRET, SIGNING_SECRET.slice(6, -4)];
}

function expectNone(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("webhook secrets", () => {
  it("never appear in logs, API responses, dead letters or storage", async () => {
    const failing = secretHook("secret-failing");
    const working = secretHook("secret-working");
    // The failing receiver echoes its own URL in the error body.
    await scriptHook(failing, {
      fallback: { status: 400, body: `bad request to ${hookUrl(failing)}` },
    });
    await scriptHook(working);
    const document = {
      route: { receiver: "ops", group_wait: "0s", group_by: ["location"] },
      receivers: [
        { name: "ops", channels: [webhook(failing), slack(working)] },
      ],
    };
    await putRouting(document);
    await emit(makeAlert({ locationId: "sec-1" }));

    const dead = await eventually(async () => {
      const { body } = await api("/v1/notifications?status=dead");
      return body.notifications.length > 0 ? body : false;
    }, 20_000);
    await eventually(async () => {
      const { body } = await api("/v1/notifications?status=delivered");
      return body.notifications.length > 0;
    });
    const secrets = [...secretParts(failing), ...secretParts(working)];

    expect(dead.notifications[0].endpoint).toBe(
      `${new URL(hookUrl(failing)).host}/…${failing.slice(-4)}`,
    );
    expect(dead.notifications[0].lastError).toContain("[redacted");
    expectNone(JSON.stringify(dead), secrets);

    const routing = await api("/v1/routing");
    expectNone(JSON.stringify(routing.body), secrets);
    expect(routing.body.document.receivers[0].channels[0].secret).toBe(
      `whsec_…${SIGNING_SECRET.slice(-4)}`,
    );

    const rows = await env.DB.prepare("SELECT * FROM routing_documents").all();
    expectNone(JSON.stringify(rows.results), secrets);
    const log = await env.DB.prepare("SELECT * FROM notifications").all();
    expectNone(JSON.stringify(log.results), secrets);

    expect(logLines.some((line) => line.includes('"event":"notify:dead"'))).toBe(true);
    expectNone(logLines.join("\n"), secrets);
  });

  it("are not echoed by a rejected upload", async () => {
    const hook = secretHook("secret-invalid");
    const url = hookUrl(hook);
    const result = await api("/v1/routing", {
      method: "PUT",
      body: {
        route: { receiver: "ops" },
        receivers: [
          {
            name: "ops",
            channels: [{ type: "webhook", url, secret: "whsec_short" }],
          },
        ],
      },
    });
    expect(result.status).toBe(400);
    expectNone(JSON.stringify(result.body), ["whsec_short"]);
    expect(result.body.issues[0].field).toBe("receivers[0].channels[0].secret");

    const tooLong = `${url}/${"x".repeat(2_100)}`;
    const long = await api("/v1/routing", {
      method: "PUT",
      body: {
        route: { receiver: "ops" },
        receivers: [{ name: "ops", channels: [{ type: "slack", url: tooLong }] }],
      },
    });
    expect(long.status).toBe(400);
    expect(long.body.issues[0].field).toBe("receivers[0].channels[0].url");
    expectNone(JSON.stringify(long.body), [hook.slice(8, -4)]);
  });
});
