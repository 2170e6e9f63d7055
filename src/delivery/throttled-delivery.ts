import type { ChannelConfig } from "../notify/channels/config";
import type { DeliveryResult } from "../notify/delivery-result";
import type { ThrottleLimits } from "../notify/throttle";

/** One notification handed to its endpoint's throttle to send. */
export interface ThrottledRequest {
  notificationId: string;
  config: ChannelConfig;
  payload: unknown;
  timeoutMs: number;
  limits: ThrottleLimits;
}

/** The cause of handing a request back unsent. */
export type DeferCause = "paced" | "blocked" | "in_flight";

/** The outcome of handing a request to the throttle. */
export type ThrottledDelivery =
  /** The endpoint already accepted this notification; nothing was sent. */
  | { kind: "duplicate" }
  /** Not sent: come back at `retryAtMs`, which keeps the request's place. */
  | { kind: "deferred"; retryAtMs: number; cause: DeferCause }
  /** Sent once; `result` is the endpoint's response. */
  | { kind: "attempted"; result: DeliveryResult; attemptedAtMs: number };
