import type {
  EventRequest,
  LocationRequest,
} from "../../scripts/lib/api-client";

/** Zones with DST, without DST and with a half-hour offset. */
const TIME_ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Asia/Kolkata",
  "Australia/Sydney",
  "America/Phoenix",
];
/** Maximum event age, far inside the 7-day late-data window. */
const MAX_EVENT_AGE_MS = 60_000;

/** Builds `count` benchmark locations, all trading in USD. */
export function benchLocations(count: number): LocationRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-${String(i).padStart(3, "0")}`,
    name: `Benchmark store ${i}`,
    timezone: TIME_ZONES[i % TIME_ZONES.length],
    country: "US",
    currency: "USD",
    tags: ["bench"],
  }));
}

/**
 * Builds the `n`th event of a mix like a store's feed: mostly card and cash
 * sales, with a refund, a heartbeat and an error in every 20 events.
 */
function eventOf(id: string, locationId: string, atMs: number, n: number) {
  const base = { id, locationId, timestamp: new Date(atMs).toISOString() };
  const register = `r${n % 4}`;
  const kind = n % 20;
  if (kind === 19) {
    return { ...base, type: "error", code: "E_PRINTER" } as const;
  }
  if (kind === 18) return { ...base, type: "heartbeat", register } as const;
  if (kind === 17) {
    const refund = { type: "refund", amount: "4.99", currency: "USD" } as const;
    return { ...base, ...refund };
  }
  const tender = kind % 3 === 0 ? "cash" : "card";
  const amount = `${(n % 90) + 5}.${String(n % 100).padStart(2, "0")}`;
  return {
    ...base,
    type: "sale",
    amount,
    currency: "USD",
    tender,
    items: (n % 5) + 1,
    register,
  } as const;
}

/**
 * Returns a function that builds the next batch as a JSON body: `size`
 * events with ids unique within the run, spread round-robin over
 * `locationIds`, with timestamps up to a minute before `now()`.
 */
export function batchFactory(
  locationIds: string[],
  size: number,
  now: () => number = Date.now,
): () => string {
  const runId = now().toString(36);
  let sequence = 0;
  return () => {
    const atMs = now();
    const events: EventRequest[] = [];
    for (let i = 0; i < size; i += 1) {
      sequence += 1;
      const locationId = locationIds[sequence % locationIds.length];
      const age = (sequence * 7919) % MAX_EVENT_AGE_MS;
      const id = `${runId}-${sequence}`;
      events.push(eventOf(id, locationId, atMs - age, sequence));
    }
    return JSON.stringify({ events });
  };
}
