import {
  GROUP_BY_ALL,
  type RouteConfig,
  type RoutingDocument,
} from "./document-schema";
import type { Matcher } from "./matcher";

/** Alertmanager's defaults for the root route's timers. */
export const DEFAULT_GROUP_WAIT_MS = 30_000;
export const DEFAULT_GROUP_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000;

/** When a group's notifications go out, all in milliseconds. */
export interface RouteTiming {
  /** Wait after a group is created before its first notification. */
  groupWaitMs: number;
  /** Wait between notifications about changes to a notified group. */
  groupIntervalMs: number;
  /** Wait before sending an unchanged group's notification again. */
  repeatIntervalMs: number;
}

/** A route with every inherited setting resolved. */
export interface Route {
  /** The route's `name`, or else its path such as `route.routes[1]`. */
  id: string;
  /** Where the route sits in the document, such as `route.routes[1]`. */
  path: string;
  matchers: readonly Matcher[];
  continue: boolean;
  receiver: string;
  /** Labels that split alerts into groups; ignored when `groupByAll`. */
  groupBy: readonly string[];
  /** True for `group_by: ["..."]`: every distinct label set is a group. */
  groupByAll: boolean;
  timing: RouteTiming;
  routes: readonly Route[];
}

const ROOT_DEFAULTS = {
  receiver: "",
  groupBy: [] as readonly string[],
  groupByAll: false,
  timing: {
    groupWaitMs: DEFAULT_GROUP_WAIT_MS,
    groupIntervalMs: DEFAULT_GROUP_INTERVAL_MS,
    repeatIntervalMs: DEFAULT_REPEAT_INTERVAL_MS,
  },
};

type Inherited = typeof ROOT_DEFAULTS;

function inherit(config: RouteConfig, parent: Inherited): Inherited {
  const groupBy = config.group_by;
  return {
    receiver: config.receiver ?? parent.receiver,
    groupBy: groupBy
      ? groupBy.filter((label) => label !== GROUP_BY_ALL)
      : parent.groupBy,
    groupByAll: groupBy ? groupBy.includes(GROUP_BY_ALL) : parent.groupByAll,
    timing: {
      groupWaitMs: config.group_wait ?? parent.timing.groupWaitMs,
      groupIntervalMs: config.group_interval ?? parent.timing.groupIntervalMs,
      repeatIntervalMs:
        config.repeat_interval ?? parent.timing.repeatIntervalMs,
    },
  };
}

function buildRoute(
  config: RouteConfig,
  path: string,
  parent: Inherited,
): Route {
  const settings = inherit(config, parent);
  return {
    id: config.name ?? path,
    path,
    matchers: config.matchers,
    continue: config.continue,
    ...settings,
    routes: config.routes.map((child, i) =>
      buildRoute(child, `${path}.routes[${i}]`, settings),
    ),
  };
}

/**
 * Builds the route tree of a validated document: each route gets its
 * parent's receiver, grouping and timers where it sets none.
 */
export function buildRouteTree(document: RoutingDocument): Route {
  return buildRoute(document.route, "route", ROOT_DEFAULTS);
}
