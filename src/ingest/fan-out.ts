import type { AcceptedEvent } from "../domain/event";
import { errorText, log } from "../log";

/** Totals of a batch applied across its locations' objects. */
export interface FanOutResult {
  accepted: number;
  duplicate: number;
  late: number;
  failed: { locationId: string; events: number; reason: string }[];
}

/**
 * Sends each location's share of a batch to its object, all in parallel. A
 * failed share is reported, not retried here: the client resends the batch
 * and the objects' dedup keys make that safe.
 */
export async function fanOut(
  env: Env,
  byLocation: Map<string, AcceptedEvent[]>,
  receivedMs: number,
  requestId: string,
): Promise<FanOutResult> {
  const shares = [...byLocation];
  const settled = await Promise.allSettled(
    shares.map(([locationId, events]) =>
      env.LOCATION_MONITOR.getByName(locationId).ingestEvents(events, receivedMs),
    ),
  );
  const result: FanOutResult = { accepted: 0, duplicate: 0, late: 0, failed: [] };
  settled.forEach((outcome, i) => {
    const [locationId, events] = shares[i];
    if (outcome.status === "fulfilled") {
      result.accepted += outcome.value.accepted;
      result.duplicate += outcome.value.duplicate;
      result.late += outcome.value.late;
      return;
    }
    const reason = errorText(outcome.reason);
    result.failed.push({ locationId, events: events.length, reason });
    log.warn("ingest:share_failed", { requestId, locationId, events: events.length, error: reason });
  });
  return result;
}
