import type { LabelSet } from "./labels";
import { matchesAll } from "./matcher";
import type { Route } from "./route-tree";

function matchRoute(route: Route, labels: LabelSet): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const matched: Route[] = [];
  for (const child of route.routes) {
    const childMatches = matchRoute(child, labels);
    matched.push(...childMatches);
    if (childMatches.length > 0 && !child.continue) break;
  }
  // A route whose children all missed handles the alert itself.
  return matched.length > 0 ? matched : [route];
}

/**
 * Returns the routes that handle an alert, depth first and in document
 * order, as Alertmanager walks its tree. The first matching child ends the
 * search on its level unless it sets `continue`; a route none of whose
 * children match is the match itself, so the root catches everything else.
 */
export function routeAlert(root: Route, labels: LabelSet): Route[] {
  return matchRoute(root, labels);
}
