import type { CompiledRouting } from "../routing/compile";
import { groupKey, groupLabels } from "../routing/group-key";
import type { LabelSet } from "../routing/labels";
import { routeAlert } from "../routing/route-match";
import type { GroupIdentity } from "./group-identity";

/**
 * Returns the groups an alert joins: one per matching route, each with its
 * receiver, group key and timers. Pure, so it can be tested without I/O.
 */
export function groupsFor(
  routing: CompiledRouting,
  labels: LabelSet,
): GroupIdentity[] {
  return routeAlert(routing.root, labels).map((route) => ({
    groupKey: groupKey(route, labels),
    routeId: route.id,
    receiver: route.receiver,
    groupLabels: groupLabels(route, labels),
    timing: route.timing,
    sendResolved: routing.receivers.get(route.receiver)?.send_resolved ?? true,
  }));
}
