import type { CompiledRouting } from "./compile";
import { groupKey, groupLabels } from "./group-key";
import { findInhibition, type Inhibition, type LabelledAlert } from "./inhibit";
import type { LabelSet } from "./labels";
import { routeAlert } from "./route-match";
import type { RouteTiming } from "./route-tree";
import { matchingSilences, type Silence } from "./silence";

/** One receiver an example alert would reach, and the group it would join. */
export interface DryRunRoute {
  routeId: string;
  path: string;
  receiver: string;
  /** Channel types of the receiver; empty when it only records alerts. */
  channels: string[];
  sendResolved: boolean;
  groupKey: string;
  groupLabels: Record<string, string>;
  timing: RouteTiming;
}

/** What would happen to an example alert. */
export interface DryRunResult {
  routes: DryRunRoute[];
  /** Ids of the active silences that would mute the alert. */
  silencedBy: string[];
  inhibitedBy: Inhibition | null;
  /** False when a silence or an inhibition would mute the alert. */
  wouldNotify: boolean;
}

/** The world an example alert is tested against. */
export interface DryRunContext {
  nowMs: number;
  silences?: readonly Silence[];
  /** Alerts firing now, which may inhibit the example alert. */
  firing?: readonly LabelledAlert[];
}

function describeRoutes(
  routing: CompiledRouting,
  labels: LabelSet,
): DryRunRoute[] {
  return routeAlert(routing.root, labels).map((route) => {
    const receiver = routing.receivers.get(route.receiver);
    return {
      routeId: route.id,
      path: route.path,
      receiver: route.receiver,
      channels: receiver?.channels.map((c) => c.type) ?? [],
      sendResolved: receiver?.send_resolved ?? true,
      groupKey: groupKey(route, labels),
      groupLabels: groupLabels(route, labels),
      timing: route.timing,
    };
  });
}

/**
 * Says which receivers and groups an example alert would reach, and whether
 * a silence or an inhibition rule would mute it. Touches no state.
 */
export function dryRun(
  routing: CompiledRouting,
  labels: LabelSet,
  context: DryRunContext,
): DryRunResult {
  const silencedBy = matchingSilences(
    context.silences ?? [],
    labels,
    context.nowMs,
  );
  // The example has no fingerprint of its own, so no firing alert is it.
  const example = { fingerprint: "", labels };
  const inhibitedBy = findInhibition(
    routing.inhibitRules,
    example,
    context.firing ?? [],
  );
  return {
    routes: describeRoutes(routing, labels),
    silencedBy,
    inhibitedBy,
    wouldNotify: silencedBy.length === 0 && inhibitedBy === null,
  };
}
