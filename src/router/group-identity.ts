import type { RouteTiming } from "../routing/route-tree";

/**
 * The identity of one alert group: its route and receiver, the labels
 * it groups by, and its timers. The router sends it with every alert, so a
 * group follows the routing document in force.
 */
export interface GroupIdentity {
  groupKey: string;
  routeId: string;
  receiver: string;
  groupLabels: Record<string, string>;
  timing: RouteTiming;
  sendResolved: boolean;
}

/**
 * Returns the name of a group's object. A group key is unique per route,
 * but two receivers never share a route, so the receiver is in the name
 * only to make it readable in logs and tools.
 */
export function groupObjectName(identity: GroupIdentity): string {
  return `${identity.receiver}/${identity.groupKey}`;
}
