import { z } from "zod";
import { LocationIdSchema } from "./location";

/** RFC 3339 date-time with an explicit offset (Z or ±HH:MM). */
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

export const TimestampSchema = z
  .string()
  .regex(RFC3339, "expected an RFC 3339 time with offset, such as 2026-03-08T14:05:00-05:00")
  .refine((v) => !Number.isNaN(Date.parse(v)), "not a real calendar time");

const AmountSchema = z.union([
  z.string().max(32),
  z.number().finite(),
]);

const base = {
  /** Client-chosen id, unique per location; a repeated id is a duplicate. */
  id: z.string().min(1).max(128),
  locationId: LocationIdSchema,
  timestamp: TimestampSchema,
  /** Register or terminal id, for per-register feed health. */
  register: z.string().min(1).max(64).optional(),
};

export const TENDERS = ["card", "cash", "other"] as const;
export type Tender = (typeof TENDERS)[number];

export const SaleEventSchema = z.object({
  ...base,
  type: z.literal("sale"),
  amount: AmountSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD"),
  tender: z.enum(TENDERS),
  items: z.number().int().min(0).max(100_000).optional(),
});

export const RefundEventSchema = z.object({
  ...base,
  type: z.literal("refund"),
  amount: AmountSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD"),
  tender: z.enum(TENDERS).optional(),
  items: z.number().int().min(0).max(100_000).optional(),
});

export const HeartbeatEventSchema = z.object({ ...base, type: z.literal("heartbeat") });

export const ErrorEventSchema = z.object({
  ...base,
  type: z.literal("error"),
  code: z.string().min(1).max(64),
  message: z.string().max(500).optional(),
});

export const PosEventSchema = z.discriminatedUnion("type", [
  SaleEventSchema,
  RefundEventSchema,
  HeartbeatEventSchema,
  ErrorEventSchema,
]);
export type PosEvent = z.infer<typeof PosEventSchema>;

export const EVENT_TYPES = ["sale", "refund", "heartbeat", "error"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An event after validation, as a location's object applies it. */
export interface AcceptedEvent {
  id: string;
  type: EventType;
  atMs: number;
  /** Signed amount in minor units; 0 for heartbeats and errors. */
  amountMinor: number;
  tender?: Tender;
  items?: number;
  register?: string;
  code?: string;
}
