import type { AlertEvent } from "../../../alerts/alert-event";
import { groupStatus, type NotificationGroup } from "../../group";

/** Event types of the webhook body, dotted as Standard Webhooks suggests. */
export const WEBHOOK_EVENT_TYPES = {
  firing: "alert_group.firing",
  resolved: "alert_group.resolved",
} as const;

/**
 * The JSON body of a generic webhook: `type`, `timestamp` and `data`, the
 * structure Standard Webhooks recommends, with every alert event in full.
 */
export interface WebhookPayload {
  type: (typeof WEBHOOK_EVENT_TYPES)[keyof typeof WEBHOOK_EVENT_TYPES];
  /** When the notification was decided, ISO 8601 in UTC. */
  timestamp: string;
  data: {
    groupKey: string;
    receiver: string;
    status: "firing" | "resolved";
    groupLabels: Record<string, string>;
    firing: AlertEvent[];
    resolved: AlertEvent[];
  };
}

/** Builds the webhook body for a whole group. */
export function buildWebhookPayload(
  group: NotificationGroup,
  nowMs: number,
): WebhookPayload {
  const status = groupStatus(group);
  return {
    type: WEBHOOK_EVENT_TYPES[status],
    timestamp: new Date(nowMs).toISOString(),
    data: {
      groupKey: group.groupKey,
      receiver: group.receiver,
      status,
      groupLabels: { ...group.groupLabels },
      firing: [...group.firing],
      resolved: [...group.resolved],
    },
  };
}
