import { alertFingerprint, type AlertEvent } from "../../src/alerts/alert-event";

/** Builds one firing sales-dip alert per location, all at `at`. */
export function benchAlerts(locations: number, at: Date): AlertEvent[] {
  const iso = at.toISOString();
  return Array.from({ length: locations }, (_, i) => {
    const locationId = `bench-${String(i).padStart(5, "0")}`;
    const anomalyId = `bench-${at.getTime()}`;
    const metric = "sales";
    return {
      fingerprint: alertFingerprint({ locationId, type: "sales_dip", metric, anomalyId }),
      anomalyId,
      status: "firing",
      transition: "opened",
      location: {
        id: locationId,
        name: `Store ${locationId}`,
        region: `region-${i % 10}`,
        tags: ["bench"],
        timeZone: "Europe/Berlin",
      },
      type: "sales_dip",
      category: "sales",
      metric,
      severity: "major",
      expected: 1_400,
      actual: 200,
      lower: 900,
      upper: 1_900,
      deviation: { absolute: -1_200, relative: -0.857 },
      windowHours: 1,
      durationMinutes: 60,
      impact: { amountMinor: 120_000, currency: "EUR" },
      modelVersion: "bench",
      startedAt: { utc: iso, local: iso },
      updatedAt: iso,
      link: `http://127.0.0.1/v1/locations/${locationId}/state`,
      summary: "sales 86% below expected for an hour",
      context: {},
    } satisfies AlertEvent;
  });
}

/** A routing document sending every location's group to one webhook. */
export function benchRouting(url: string): unknown {
  return {
    route: {
      receiver: "bench",
      group_by: ["location"],
      group_wait: "0s",
      group_interval: "5m",
      repeat_interval: "4h",
    },
    receivers: [
      {
        name: "bench",
        channels: [
          { type: "webhook", url, secret: `whsec_${btoa("bench-signing-secret-of-32-bytes")}` },
        ],
      },
    ],
  };
}
