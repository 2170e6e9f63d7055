import { z } from "zod";
import { ChannelConfigSchema } from "../notify/channels/config";
import { DurationSchema } from "./duration";
import { LABEL_NAME_PATTERN } from "./labels";
import { MatcherSchema } from "./matcher";

/** Limits that keep one document cheap to validate and to route through. */
export const MAX_ROUTES = 500;
export const MAX_ROUTE_DEPTH = 10;
export const MAX_MATCHERS_PER_LIST = 20;
export const MAX_RECEIVERS = 100;
export const MAX_CHANNELS_PER_RECEIVER = 10;
export const MAX_INHIBIT_RULES = 50;

/** The `group_by` entry that groups by every label, as in Alertmanager. */
export const GROUP_BY_ALL = "...";

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const NAME_MESSAGE =
  "expected 1 to 64 letters, digits, '_', '.' or '-', starting with a " +
  "letter or digit";

const NameSchema = z.string().regex(NAME_PATTERN, NAME_MESSAGE);

const LabelNameSchema = z
  .string()
  .regex(LABEL_NAME_PATTERN, "expected a label name such as region");

const MatcherListSchema = z.array(MatcherSchema).max(MAX_MATCHERS_PER_LIST);

const GroupBySchema = z
  .array(z.union([z.literal(GROUP_BY_ALL), LabelNameSchema]))
  .superRefine((labels, ctx) => {
    if (labels.includes(GROUP_BY_ALL) && labels.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: `"${GROUP_BY_ALL}" must be the only entry of group_by`,
      });
    }
    if (new Set(labels).size !== labels.length) {
      ctx.addIssue({ code: "custom", message: "group_by repeats a label" });
    }
  });

const IntervalSchema = DurationSchema.refine((ms) => ms > 0, {
  message: "interval must be longer than 0",
});

/**
 * One node of the route tree. Settings left out are inherited from the
 * parent route, and the root falls back to Alertmanager's defaults.
 */
export const RouteSchema = z.strictObject({
  /** Optional stable id, so group keys survive reordering of routes. */
  name: NameSchema.optional(),
  receiver: NameSchema.optional(),
  matchers: MatcherListSchema.default([]),
  /** Keep matching later sibling routes after this one matched. */
  continue: z.boolean().default(false),
  group_by: GroupBySchema.optional(),
  group_wait: DurationSchema.optional(),
  group_interval: IntervalSchema.optional(),
  repeat_interval: IntervalSchema.optional(),
  get routes() {
    return z.array(RouteSchema).default([]);
  },
});
export type RouteConfig = z.output<typeof RouteSchema>;

/** A named receiver and the channels it sends through. */
export const ReceiverSchema = z.strictObject({
  name: NameSchema,
  /** Whether to send a message when the group's alerts resolve. */
  send_resolved: z.boolean().default(true),
  /** No channels makes a receiver that records alerts and sends nothing. */
  channels: z
    .array(ChannelConfigSchema)
    .max(MAX_CHANNELS_PER_RECEIVER)
    .default([]),
});
export type ReceiverConfig = z.output<typeof ReceiverSchema>;

/**
 * Mutes alerts matching `target_matchers` while an alert matching
 * `source_matchers` fires with the same values of the `equal` labels.
 */
export const InhibitRuleSchema = z.strictObject({
  source_matchers: MatcherListSchema.min(1),
  target_matchers: MatcherListSchema.min(1),
  equal: z.array(LabelNameSchema).default([]),
});
export type InhibitRuleConfig = z.output<typeof InhibitRuleSchema>;

/** The routing document as uploaded, before cross-reference checks. */
const DocumentShapeSchema = z.strictObject({
  route: RouteSchema,
  receivers: z.array(ReceiverSchema).min(1).max(MAX_RECEIVERS),
  inhibit_rules: z.array(InhibitRuleSchema).max(MAX_INHIBIT_RULES).default([]),
});
export type RoutingDocument = z.output<typeof DocumentShapeSchema>;
export type RoutingDocumentInput = z.input<typeof DocumentShapeSchema>;

type IssueSink = z.core.$RefinementCtx<RoutingDocument>;

function checkReceivers(document: RoutingDocument, ctx: IssueSink): void {
  const seen = new Set<string>();
  document.receivers.forEach((receiver, i) => {
    if (seen.has(receiver.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["receivers", i, "name"],
        message: `receiver name ${receiver.name} is already used`,
      });
    }
    seen.add(receiver.name);
  });
}

function checkRoot(root: RouteConfig, ctx: IssueSink): void {
  if (root.receiver === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["route", "receiver"],
      message: "the root route needs a receiver for alerts no route matches",
    });
  }
  if (root.matchers.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["route", "matchers"],
      message: "the root route matches every alert; remove its matchers",
    });
  }
}

interface WalkState {
  receivers: Set<string>;
  names: Set<string>;
  count: number;
}

function checkRoute(
  route: RouteConfig,
  path: (string | number)[],
  depth: number,
  state: WalkState,
  ctx: IssueSink,
): void {
  state.count += 1;
  if (state.count === MAX_ROUTES + 1) {
    ctx.addIssue({
      code: "custom",
      path,
      message: `document has more than ${MAX_ROUTES} routes; merge some`,
    });
  }
  if (depth > MAX_ROUTE_DEPTH) {
    ctx.addIssue({
      code: "custom",
      path,
      message: `route is nested ${depth} deep; the limit is ${MAX_ROUTE_DEPTH}`,
    });
    return;
  }
  if (route.receiver !== undefined && !state.receivers.has(route.receiver)) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "receiver"],
      message: `receiver ${route.receiver} is not defined in receivers`,
    });
  }
  if (route.name !== undefined) {
    if (state.names.has(route.name)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "name"],
        message: `route name ${route.name} is already used`,
      });
    }
    state.names.add(route.name);
  }
  route.routes.forEach((child, i) =>
    checkRoute(child, [...path, "routes", i], depth + 1, state, ctx),
  );
}

/**
 * The routing document: a route tree, the receivers it names, and the
 * inhibition rules. Validation names the failing path, for example
 * `route.routes[2].matchers[0]`.
 */
export const RoutingDocumentSchema = DocumentShapeSchema.superRefine(
  (document, ctx) => {
    checkReceivers(document, ctx);
    checkRoot(document.route, ctx);
    const state: WalkState = {
      receivers: new Set(document.receivers.map((r) => r.name)),
      names: new Set(),
      count: 0,
    };
    checkRoute(document.route, ["route"], 0, state, ctx);
  },
);
