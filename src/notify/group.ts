import type { AlertEvent } from "../alerts/alert-event";

/**
 * One notification's content: a group's alerts as they stand when the
 * group is flushed, split into firing and resolved.
 */
export interface NotificationGroup {
  /** Key from `groupKey`; the same for every notification of the group. */
  groupKey: string;
  receiver: string;
  groupLabels: Readonly<Record<string, string>>;
  /** Latest event of each firing alert, muted alerts left out. */
  firing: readonly AlertEvent[];
  /** Latest event of each alert resolved since the last notification. */
  resolved: readonly AlertEvent[];
}

/** Returns `firing` while any alert fires, else `resolved`. */
export function groupStatus(group: NotificationGroup): "firing" | "resolved" {
  return group.firing.length > 0 ? "firing" : "resolved";
}

/**
 * Keeps the resolved alerts the receiver was notified of as firing. An alert
 * that fired and resolved between two notifications was never sent, so its
 * resolution is not news to anyone.
 */
export function notifiedResolved(
  resolved: readonly AlertEvent[],
  lastFiring: readonly string[],
): AlertEvent[] {
  const known = new Set(lastFiring);
  return resolved.filter((event) => known.has(event.fingerprint));
}
