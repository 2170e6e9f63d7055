import type {
  InhibitRuleConfig,
  ReceiverConfig,
  RoutingDocument,
} from "./document-schema";
import { buildRouteTree, type Route } from "./route-tree";

/** A validated routing document in the form routing works on. */
export interface CompiledRouting {
  root: Route;
  receivers: ReadonlyMap<string, ReceiverConfig>;
  inhibitRules: readonly InhibitRuleConfig[];
}

/**
 * Compiles a validated document once, so each alert is routed without
 * parsing matchers or resolving inherited settings again.
 */
export function compileRouting(document: RoutingDocument): CompiledRouting {
  return {
    root: buildRouteTree(document),
    receivers: new Map(document.receivers.map((r) => [r.name, r])),
    inhibitRules: document.inhibit_rules,
  };
}
