import {
  alertFingerprint,
  categoryOf,
  type AlertEvent,
  type AlertType,
} from "../../src/alerts/alert-event";
import type { NotificationGroup } from "../../src/notify/group";

/** Options for one test alert; everything else gets a plausible value. */
export interface AlertOptions {
  locationId?: string;
  type?: AlertType;
  status?: "firing" | "resolved";
  severity?: AlertEvent["severity"];
  region?: string;
  tags?: string[];
  anomalyId?: string;
}

/** Builds a valid alert event for tests. */
export function makeAlert(options: AlertOptions = {}): AlertEvent {
  const type = options.type ?? "sales_dip";
  const locationId = options.locationId ?? "s-12";
  const anomalyId = options.anomalyId ?? "a-1";
  const metric = categoryOf(type) === "sales" ? "sales" : "transactions";
  const resolved = options.status === "resolved";
  return {
    fingerprint: alertFingerprint({ locationId, type, metric, anomalyId }),
    anomalyId,
    status: resolved ? "resolved" : "firing",
    transition: resolved ? "resolved" : "opened",
    location: {
      id: locationId,
      name: `Store ${locationId}`,
      region: options.region ?? "eu-west",
      tags: options.tags ?? ["mall"],
      timeZone: "Europe/Berlin",
    },
    type,
    category: categoryOf(type),
    metric,
    severity: options.severity ?? "major",
    expected: 14,
    actual: 0,
    lower: 6,
    upper: 22,
    deviation: { absolute: -14, relative: -1 },
    windowHours: 1,
    durationMinutes: 18,
    impact: { amountMinor: 123_450, currency: "EUR" },
    modelVersion: "m-2026-03-01",
    startedAt: {
      utc: "2026-03-02T09:00:00Z",
      local: "2026-03-02T10:00:00+01:00",
    },
    updatedAt: "2026-03-02T09:18:00Z",
    endedAt: resolved ? "2026-03-02T10:00:00Z" : undefined,
    link: `http://127.0.0.1:8787/v1/locations/${locationId}/state`,
    summary: "0 sales in 18 minutes, about 14 expected, chance under 1 in 10,000",
    context: categoryOf(type) === "integration" ? { tender: "card" } : {},
  };
}

/** Builds a notification group from alerts, split by their status. */
export function makeGroup(alerts: AlertEvent[]): NotificationGroup {
  return {
    groupKey: 'route{location="s-12"}',
    receiver: "ops",
    groupLabels: { location: "s-12" },
    firing: alerts.filter((a) => a.status === "firing"),
    resolved: alerts.filter((a) => a.status === "resolved"),
  };
}
