import type { FieldIssue } from "../api/errors";
import { toFieldIssues } from "../api/validation";
import { PosEventSchema, type AcceptedEvent, type PosEvent } from "../domain/event";
import { toMinorUnits } from "../domain/money";
import { timestampMs } from "../domain/timestamp";
import type { LocationFacts } from "../registry/location-cache";
import {
  LATE_WINDOW_MS,
  MAX_FUTURE_SKEW_MS,
} from "../../durable-objects/location/limits";

/** The outcome of checking a whole batch before anything is stored. */
export interface CheckedBatch {
  byLocation: Map<string, AcceptedEvent[]>;
  issues: FieldIssue[];
}

/** The server clock and the checks event times get against it. */
export interface TimeWindow {
  nowMs: number;
  /** Backfill of raw events skips the late window. */
  enforceLateWindow: boolean;
}

function checkTime(event: PosEvent, atMs: number, window: TimeWindow) {
  if (atMs > window.nowMs + MAX_FUTURE_SKEW_MS) {
    return {
      problem: `${event.timestamp} is more than 5 minutes ahead of the server clock (${new Date(window.nowMs).toISOString()})`,
      fix: "check the POS clock and its time zone offset",
    };
  }
  if (window.enforceLateWindow && atMs < window.nowMs - LATE_WINDOW_MS) {
    return {
      problem: `${event.timestamp} is older than the 7-day late-data window`,
      fix: `send it to POST /v1/locations/${event.locationId}/history instead`,
    };
  }
  return null;
}

function toAccepted(event: PosEvent, atMs: number, amountMinor: number): AcceptedEvent {
  return {
    id: event.id,
    type: event.type,
    atMs,
    amountMinor,
    tender: "tender" in event ? event.tender : undefined,
    items: "items" in event ? event.items : undefined,
    register: event.register,
    code: event.type === "error" ? event.code : undefined,
  };
}

/**
 * Validates every event of a batch: shape, known location, currency, amount
 * precision and time window. Returns every problem found, so a client can fix
 * the whole batch in one round.
 */
export function checkBatch(
  rawEvents: unknown[],
  locations: Map<string, LocationFacts>,
  window: TimeWindow,
): CheckedBatch {
  const issues: FieldIssue[] = [];
  const byLocation = new Map<string, AcceptedEvent[]>();

  rawEvents.forEach((raw, index) => {
    const issuesBefore = issues.length;
    const parsed = PosEventSchema.safeParse(raw);
    if (!parsed.success) {
      const described = toFieldIssues(parsed.error, raw, { schema: PosEventSchema, root: `events[${index}]` });
      for (const issue of described) issues.push({ index, ...issue });
      return;
    }
    const event = parsed.data;
    const facts = locations.get(event.locationId);
    if (!facts) {
      issues.push({
        index,
        field: "locationId",
        problem: `location "${event.locationId}" is not registered`,
        fix: "register it with POST /v1/locations or correct the id",
      });
      return;
    }
    const atMs = timestampMs(event.timestamp);
    const timeProblem = checkTime(event, atMs, window);
    if (timeProblem) issues.push({ index, field: "timestamp", ...timeProblem });

    let amountMinor = 0;
    if (event.type === "sale" || event.type === "refund") {
      if (event.currency !== facts.currency) {
        issues.push({
          index,
          field: "currency",
          problem: `${event.currency} does not match the location's currency ${facts.currency}`,
          fix: `send amounts in ${facts.currency}`,
        });
      }
      const minor = toMinorUnits(event.amount, facts.currencyExponent);
      if (!minor.ok) issues.push({ index, field: "amount", problem: minor.problem, fix: minor.fix });
      else if (minor.minor < 0) {
        issues.push({
          index,
          field: "amount",
          problem: `${event.amount} is negative`,
          fix: "send a refund event with a positive amount instead",
        });
      } else amountMinor = minor.minor;
    }
    if (issues.length > issuesBefore) return;

    const list = byLocation.get(event.locationId) ?? [];
    list.push(toAccepted(event, atMs, amountMinor));
    byLocation.set(event.locationId, list);
  });
  return { byLocation, issues };
}

/** Reads the locationId of each raw event that has a string one. */
export function locationIdsOf(rawEvents: unknown[]): string[] {
  const ids: string[] = [];
  for (const raw of rawEvents) {
    const id = (raw as { locationId?: unknown } | null)?.locationId;
    if (typeof id === "string") ids.push(id);
  }
  return ids;
}
