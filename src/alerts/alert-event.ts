import { z } from "zod";
import { METRICS } from "../domain/metrics";
import type { LabelSet } from "../routing/labels";

/** Alert types that describe the sales themselves. */
export const SALES_ALERT_TYPES = ["sales_dip", "sales_spike"] as const;

/** Alert types that describe a broken POS integration, not the sales. */
export const INTEGRATION_ALERT_TYPES = [
  "feed_silent",
  "heartbeat_lost",
  "tender_collapse",
  "register_silent",
  "error_spike",
] as const;

export const ALERT_TYPES = [
  ...SALES_ALERT_TYPES,
  ...INTEGRATION_ALERT_TYPES,
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_CATEGORIES = ["sales", "integration"] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

export const SEVERITIES = ["critical", "major", "minor"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Returns the category an alert type belongs to. */
export function categoryOf(type: AlertType): AlertCategory {
  const sales: readonly string[] = SALES_ALERT_TYPES;
  return sales.includes(type) ? "sales" : "integration";
}

const IsoInstantSchema = z.iso.datetime({ offset: true });

/** The location an alert is about, copied from its profile when emitted. */
export const AlertLocationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  region: z.string(),
  tags: z.array(z.string()).default([]),
  /** IANA zone name, such as Europe/Berlin. */
  timeZone: z.string().min(1),
});

/** Sales lost so far against expected, in integer minor units. */
export const ImpactSchema = z.object({
  amountMinor: z.int(),
  /** ISO 4217 code, such as EUR. */
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code"),
});
export type Impact = z.infer<typeof ImpactSchema>;

const AlertEventObjectSchema = z.object({
  /** Stable per location, alert type, metric and anomaly episode. */
  fingerprint: z.string().min(1),
  /** The anomaly episode this alert reports; a new episode gets a new id. */
  anomalyId: z.string().min(1),
  status: z.enum(["firing", "resolved"]),
  transition: z.enum(["opened", "updated", "resolved"]),
  location: AlertLocationSchema,
  type: z.enum(ALERT_TYPES),
  category: z.enum(ALERT_CATEGORIES),
  metric: z.enum(METRICS),
  severity: z.enum(SEVERITIES),
  expected: z.number(),
  actual: z.number(),
  lower: z.number(),
  upper: z.number(),
  deviation: z.object({
    absolute: z.number(),
    /** `(actual - expected) / expected`; null when nothing was expected. */
    relative: z.number().nullable(),
  }),
  /** Length of the window the values above cover, in hours. */
  windowHours: z.number().positive(),
  durationMinutes: z.number().nonnegative(),
  /** Null for alerts that put no money figure on the loss. */
  impact: ImpactSchema.nullable(),
  /** Null for integration detectors that use no trained model. */
  modelVersion: z.string().nullable(),
  startedAt: z.object({
    utc: IsoInstantSchema,
    /** The same instant in the location's zone, with its offset. */
    local: IsoInstantSchema,
  }),
  updatedAt: IsoInstantSchema,
  endedAt: IsoInstantSchema.optional(),
  /** URL of the location's state page. */
  link: z.url(),
  /** One sentence for people, such as "0 sales in 18 minutes, ...". */
  summary: z.string().min(1),
  /** Integration details: last event seen, tender, register, error codes. */
  context: z.record(z.string(), z.unknown()).default({}),
});

/**
 * One enriched alert event, put on the alerts queue by a location when an
 * anomaly opens, updates or resolves.
 */
export const AlertEventSchema = AlertEventObjectSchema.superRefine(
  (event, ctx) => {
    if (categoryOf(event.type) !== event.category) {
      ctx.addIssue({
        code: "custom",
        path: ["category"],
        message:
          `alert type ${event.type} belongs to category ` +
          `${categoryOf(event.type)}, not ${event.category}`,
      });
    }
    const resolved = event.status === "resolved";
    if (resolved !== (event.transition === "resolved")) {
      ctx.addIssue({
        code: "custom",
        path: ["transition"],
        message:
          `transition ${event.transition} contradicts status ` +
          event.status,
      });
    }
    if (resolved && event.endedAt === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["endedAt"],
        message: "a resolved alert needs endedAt",
      });
    }
  },
);
export type AlertEvent = z.infer<typeof AlertEventSchema>;

/** The parts an alert fingerprint is made from. */
export interface FingerprintParts {
  locationId: string;
  type: AlertType;
  metric: string;
  anomalyId: string;
}

/**
 * Builds the fingerprint of one anomaly episode. Each part is URI-encoded so
 * a colon inside an id cannot make two episodes collide.
 */
export function alertFingerprint(parts: FingerprintParts): string {
  const { locationId, type, metric, anomalyId } = parts;
  return [locationId, type, metric, anomalyId]
    .map(encodeURIComponent)
    .join(":");
}

/** The labels routing matches on, with the location's tags as a list. */
export interface AlertLabels extends LabelSet {
  category: AlertCategory;
  type: AlertType;
  severity: Severity;
  region: string;
  location: string;
  metric: string;
  tags: readonly string[];
}

/** Returns the label set that routes, silences and inhibition match on. */
export function labelsOf(event: AlertEvent): AlertLabels {
  return {
    category: event.category,
    type: event.type,
    severity: event.severity,
    region: event.location.region,
    location: event.location.id,
    metric: event.metric,
    tags: event.location.tags,
  };
}
