/** Options of every channel's `deliver`, besides config and payload. */
export interface DeliverOptions {
  /** Time the receiver has to respond, in milliseconds. */
  timeoutMs: number;
  /** The attempt's instant, for signatures and `Retry-After` dates. */
  nowMs: number;
  /** The notification's key; the same on every retry of the message. */
  notificationId: string;
}
