import type { ApiClient } from "../lib/api-client";
import { runPool } from "../lib/progress";

const POLL_MS = 5_000;
/**
 * Deliveries count as done once nothing changed for this long: longer than
 * the routing's group interval of 1 minute, after which a group with new
 * alerts sends its next notification.
 */
const QUIET_MS = 75_000;
const MAX_WAIT_MS = 15 * 60_000;
const PAGE = 500;

/** A row of `GET /v1/notifications`. */
interface NotificationRow {
  status: string;
  receiver: string;
  firing: string[];
  resolved: string[];
  createdAt: string;
}

/** Notifications per receiver and status, and the alerts they carried. */
export interface Deliveries {
  notifications: number;
  byReceiver: Record<string, { byStatus: Record<string, number>; firing: number; resolved: number }>;
}

// NOTE: pages are cut at `createdAt`, so rows created in the same
// millisecond as the last row of a page can be skipped.
async function listAll(api: ApiClient): Promise<NotificationRow[]> {
  const rows: NotificationRow[] = [];
  let before: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (before) query.set("before", before);
    const page = await api.request<{ notifications: NotificationRow[] }>("GET", `/v1/notifications?${query}`);
    rows.push(...page.notifications);
    if (page.notifications.length < PAGE) return rows;
    before = page.notifications.at(-1)!.createdAt;
  }
}

/** Reads the whole notification log and counts it per receiver. */
export async function collectDeliveries(api: ApiClient): Promise<Deliveries> {
  const rows = await listAll(api);
  const byReceiver: Deliveries["byReceiver"] = {};
  for (const row of rows) {
    const entry = (byReceiver[row.receiver] ??= { byStatus: {}, firing: 0, resolved: 0 });
    entry.byStatus[row.status] = (entry.byStatus[row.status] ?? 0) + 1;
    entry.firing += row.firing.length;
    entry.resolved += row.resolved.length;
  }
  return { notifications: rows.length, byReceiver };
}

/**
 * Waits until the notification log and the receiver stop changing and no
 * notification is still on its way, or until 15 minutes passed.
 */
export async function waitForDeliveries(api: ApiClient, receivedCount: () => number): Promise<void> {
  const deadline = Date.now() + MAX_WAIT_MS;
  let last = "";
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const log = await collectDeliveries(api);
    const inFlight = Object.values(log.byReceiver).reduce(
      (sum, r) => sum + (r.byStatus.pending ?? 0) + (r.byStatus.queued ?? 0) + (r.byStatus.retrying ?? 0),
      0,
    );
    const now = `${log.notifications}:${receivedCount()}:${inFlight}`;
    if (now !== last) {
      last = now;
      quietSince = Date.now();
      continue;
    }
    if (inFlight === 0 && Date.now() - quietSince >= QUIET_MS) return;
  }
  console.error("replay: deliveries still changing after 15 minutes; reporting what arrived");
}

/** Sales and integration alerts as the router recorded them. */
export interface RoutedAlerts {
  alerts: number;
  byStatus: Record<string, number>;
  byReceiver: Record<string, number>;
  inhibited: number;
  silenced: number;
}

interface AlertRow {
  status: string;
  receivers: string[];
  silencedBy: string[];
  inhibitedBy: string | null;
}

/**
 * Reads every alert of the listed locations from `GET /v1/alerts`: one row
 * per anomaly episode with the receivers its route chose.
 */
export async function collectRoutedAlerts(api: ApiClient, locationIds: string[]): Promise<RoutedAlerts> {
  const routed: RoutedAlerts = { alerts: 0, byStatus: {}, byReceiver: {}, inhibited: 0, silenced: 0 };
  await runPool(locationIds, 4, async (id) => {
    const query = new URLSearchParams({ location: id, sinceHours: String(24 * 90), limit: "1000" });
    const { alerts } = await api.request<{ alerts: AlertRow[] }>("GET", `/v1/alerts?${query}`);
    for (const alert of alerts) {
      routed.alerts += 1;
      routed.byStatus[alert.status] = (routed.byStatus[alert.status] ?? 0) + 1;
      for (const receiver of alert.receivers) routed.byReceiver[receiver] = (routed.byReceiver[receiver] ?? 0) + 1;
      if (alert.inhibitedBy) routed.inhibited += 1;
      if (alert.silencedBy.length > 0) routed.silenced += 1;
    }
  });
  return routed;
}
