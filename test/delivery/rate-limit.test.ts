import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeAlert } from "../alerts/fixtures";
import { api } from "../helpers";
import { receivedBy, scriptHook } from "../receiver";
import type { RecordedRequest } from "../receiver-server";
import {
  emit,
  eventually,
  putRouting,
  secretHook,
  singleReceiver,
  slack,
} from "./helpers";

const GROUPS = 60;
const RETRY_AFTER_MS = 2_000;

let logLines: string[] = [];

beforeEach(() => {
  logLines = [];
  for (const level of ["log", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((line: unknown) => {
      logLines.push(String(line));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

function countEvents(event: string): number {
  return logLines.filter((line) => line.includes(`"event":"${event}"`)).length;
}

/** Requests that arrived while a Retry-After from the hook was running. */
function requestsInsideWaits(requests: RecordedRequest[]): RecordedRequest[] {
  const waits = requests
    .filter((r) => r.status === 429)
    .map((r) => ({ from: r.receivedAt, until: r.receivedAt + RETRY_AFTER_MS }));
  return requests.filter((r) =>
    waits.some((w) => r.receivedAt > w.from && r.receivedAt < w.until),
  );
}

function locationOf(request: RecordedRequest): string {
  const header = JSON.parse(request.body).blocks[0].text.text as string;
  return header.replace("Sales dip at Store ", "");
}

describe("one rate-limited Slack webhook", () => {
  it(
    "delivers sixty groups once each without sending inside a wait",
    async () => {
      const hook = secretHook("rate-sixty");
      // One request a second, 429 with Retry-After: 2 beyond that, and a
      // 429 on the very first request so every group starts out blocked.
      await scriptHook(hook, {
        responses: [{ status: 429, headers: { "retry-after": "2" } }],
        rateLimit: { perSecond: 1, retryAfterSeconds: 2 },
      });
      await putRouting(singleReceiver([slack(hook)], { group_by: ["location"] }));
      const started = Date.now();
      for (let i = 0; i < GROUPS; i += 1) {
        await emit(makeAlert({ locationId: `rl-${String(i).padStart(2, "0")}` }));
      }
      expect(Date.now() - started).toBeLessThan(10_000);

      const requests = await eventually(async () => {
        const all = await receivedBy(hook);
        return all.filter((r) => r.status === 200).length >= GROUPS ? all : false;
      }, 150_000);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const final = await receivedBy(hook);

      const accepted = final.filter((r) => r.status === 200);
      expect(accepted).toHaveLength(GROUPS);
      expect(new Set(accepted.map(locationOf)).size).toBe(GROUPS);
      expect(requestsInsideWaits(final)).toEqual([]);
      // Each 429 costs one request; pacing keeps them rare.
      const limited = final.filter((r) => r.status === 429);
      expect(limited.length).toBeLessThanOrEqual(3);
      expect(final.length).toBe(GROUPS + limited.length);
      expect(requests.length).toBeGreaterThanOrEqual(GROUPS);
      // A deferred notification keeps its slot, so it waits in the queue a
      // few times at most instead of spinning.
      expect(countEvents("notify:deferred")).toBeLessThan(GROUPS * 3);
      const { body } = await api("/v1/notifications?status=delivered&limit=500");
      const delivered = body.notifications.filter((n: { endpoint: string }) =>
        n.endpoint.endsWith(hook.slice(-4)),
      );
      expect(delivered).toHaveLength(GROUPS);
    },
    180_000,
  );

  it(
    "dead-letters a notification that is always rate limited",
    async () => {
      const hook = secretHook("rate-always");
      await scriptHook(hook, {
        fallback: { status: 429, headers: { "retry-after": "1" } },
      });
      await putRouting(singleReceiver([slack(hook)]));
      await emit(makeAlert({ locationId: "rl-always" }));

      const row = await eventually(async () => {
        const { body } = await api("/v1/notifications?status=dead");
        return body.notifications.find((n: { groupKey: string }) =>
          n.groupKey.includes('location="rl-always"'),
        );
      }, 60_000);
      expect(row.deadReason).toBe("attempts_exhausted");
      expect(row.attempts).toBe(7);
      expect(row.lastStatus).toBe(429);
      const requests = await receivedBy(hook);
      expect(requests).toHaveLength(7);
      for (let i = 1; i < requests.length; i += 1) {
        const gapMs = requests[i].receivedAt - requests[i - 1].receivedAt;
        expect(gapMs).toBeGreaterThanOrEqual(1_000);
      }
      expect(countEvents("notify:dead")).toBe(1);
    },
    90_000,
  );
});
