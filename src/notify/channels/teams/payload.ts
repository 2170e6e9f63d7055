import type { AlertEvent } from "../../../alerts/alert-event";
import {
  alertFacts,
  alertTitle,
  contextLine,
  groupTitle,
  listedAlerts,
} from "../../format";
import { groupStatus, type NotificationGroup } from "../../group";

/** Content type Teams requires on an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE =
  "application/vnd.microsoft.card.adaptive";

/** Adaptive Card schema version the card is written against. */
export const ADAPTIVE_CARD_VERSION = "1.4";

/** An Adaptive Card element; left loose because cards nest freely. */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  $schema: string;
  type: "AdaptiveCard";
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: "Full" };
}

/**
 * The message envelope a Teams Workflows webhook accepts: the card goes in
 * an attachment of the Adaptive Card content type, not at the top level.
 */
export interface TeamsPayload {
  type: "message";
  attachments: {
    contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
    contentUrl: null;
    content: AdaptiveCard;
  }[];
}

function text(value: string, extra: CardElement = {}): CardElement {
  return { type: "TextBlock", text: value, wrap: true, ...extra };
}

function alertContainer(event: AlertEvent): CardElement {
  const resolved = event.status === "resolved";
  const details = contextLine(event);
  const state = resolved ? "Resolved" : "Firing";
  const items: CardElement[] = [
    text(`${state}: [${alertTitle(event)}](${event.link})`, {
      weight: "Bolder",
      color: resolved ? "Good" : "Attention",
    }),
    text(event.summary),
    {
      type: "FactSet",
      facts: alertFacts(event).map((f) => ({ title: f.name, value: f.value })),
    },
  ];
  if (details !== "") items.push(text(details, { isSubtle: true }));
  return { type: "Container", separator: true, spacing: "Medium", items };
}

/**
 * Builds one Teams message for a whole group: an Adaptive Card with a title,
 * one container per alert and a link to the first alert's location.
 */
export function buildTeamsPayload(group: NotificationGroup): TeamsPayload {
  const { listed, omitted } = listedAlerts(group);
  const body: CardElement[] = [
    text(groupTitle(group), {
      size: "Large",
      weight: "Bolder",
      color: groupStatus(group) === "firing" ? "Attention" : "Good",
    }),
    ...listed.map(alertContainer),
  ];
  if (omitted > 0) {
    body.push(text(`and ${omitted} more alerts`, { isSubtle: true }));
  }
  const card: AdaptiveCard = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: ADAPTIVE_CARD_VERSION,
    body,
    msteams: { width: "Full" },
  };
  if (listed[0]) {
    card.actions = [
      { type: "Action.OpenUrl", title: "Open location", url: listed[0].link },
    ];
  }
  return {
    type: "message",
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: card,
      },
    ],
  };
}
