import { labelString, type LabelSet } from "./labels";
import type { Route } from "./route-tree";

/**
 * Returns the labels that decide which group an alert joins on a route:
 * the `group_by` labels, or all labels for `group_by: ["..."]`. A label the
 * alert lacks reads as the empty string, so such alerts share a group.
 */
export function groupLabels(
  route: Route,
  labels: LabelSet,
): Record<string, string> {
  const names = route.groupByAll ? Object.keys(labels) : route.groupBy;
  const grouped: Record<string, string> = {};
  for (const name of [...names].sort()) {
    grouped[name] = labelString(labels, name);
  }
  return grouped;
}

/**
 * Returns the key of the group an alert joins on a route, such as
 * `route.routes[0]{location="s-12",type="sales_dip"}`. Equal keys mean the
 * same group; the key is stable across processes and document uploads as
 * long as the route keeps its name or position.
 */
export function groupKey(route: Route, labels: LabelSet): string {
  const pairs = Object.entries(groupLabels(route, labels)).map(
    ([name, value]) => `${name}=${JSON.stringify(value)}`,
  );
  return `${route.id}{${pairs.join(",")}}`;
}
