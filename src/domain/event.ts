import { z } from "zod";
import { LocationIdSchema } from "./location";
import { TimestampSchema } from "./timestamp";

export { TimestampSchema } from "./timestamp";

const AmountSchema = z.union([
  z.string().max(32),
  z.number().finite(),
]);

/**
 * Events are strict objects: an unknown field is rejected with the accepted
 * ones. The clients in this repository (simulator, page fixtures, ingest
 * benchmark) send only the documented fields. Every optional field changes
 * what is counted: a misspelled `register` would drop the event from
 * per-register feed health, and `item` would drop the item count. Dropping
 * an unknown field would hide such a mistake, so a POS that exports more
 * fields must leave them out of the event.
 */
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

export const SaleEventSchema = z.strictObject({
  ...base,
  type: z.literal("sale"),
  amount: AmountSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD"),
  tender: z.enum(TENDERS),
  items: z.number().int().min(0).max(100_000).optional(),
});

export const RefundEventSchema = z.strictObject({
  ...base,
  type: z.literal("refund"),
  amount: AmountSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD"),
  tender: z.enum(TENDERS).optional(),
  items: z.number().int().min(0).max(100_000).optional(),
});

export const HeartbeatEventSchema = z.strictObject({ ...base, type: z.literal("heartbeat") });

export const ErrorEventSchema = z.strictObject({
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
