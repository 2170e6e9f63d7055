import type { AlertEvent } from "../../../alerts/alert-event";
import {
  alertFacts,
  alertTitle,
  contextLine,
  groupTitle,
  listedAlerts,
  truncate,
} from "../../format";
import type { NotificationGroup } from "../../group";

// Block Kit limits from Slack's reference: 50 blocks a message, header text
// 150 characters, section text 3,000, and 10 fields of 2,000 characters.
export const MAX_BLOCKS = 50;
const MAX_HEADER_CHARS = 150;
const MAX_SECTION_CHARS = 3_000;
const MAX_FIELDS = 10;
const MAX_FIELD_CHARS = 2_000;

/** A Block Kit block; only the kinds this builder emits are typed. */
export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | {
      type: "section";
      text: { type: "mrkdwn"; text: string };
      fields?: { type: "mrkdwn"; text: string }[];
    }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] }
  | { type: "divider" };

/** The body of one incoming-webhook message. */
export interface SlackPayload {
  /** Shown in notifications and where blocks cannot be rendered. */
  text: string;
  blocks: SlackBlock[];
}

/** Escapes the three characters Slack's mrkdwn gives a meaning to. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function alertSection(event: AlertEvent): SlackBlock {
  const state = event.status === "resolved" ? "Resolved" : "Firing";
  const title = escapeMrkdwn(alertTitle(event));
  const details = contextLine(event);
  const lines = [
    `*${state}: <${event.link}|${title}>*`,
    escapeMrkdwn(event.summary),
    details === "" ? "" : `_${escapeMrkdwn(details)}_`,
  ].filter((line) => line !== "");
  const fields = alertFacts(event)
    .slice(0, MAX_FIELDS)
    .map((fact) => ({
      type: "mrkdwn" as const,
      text: truncate(
        `*${escapeMrkdwn(fact.name)}*\n${escapeMrkdwn(fact.value)}`,
        MAX_FIELD_CHARS,
      ),
    }));
  const text = truncate(lines.join("\n"), MAX_SECTION_CHARS);
  return { type: "section", text: { type: "mrkdwn", text }, fields };
}

/**
 * Builds one Slack message for a whole group: a header, one section per
 * alert (firing first, then resolved), and a note of any alerts left out.
 */
export function buildSlackPayload(group: NotificationGroup): SlackPayload {
  const title = groupTitle(group);
  const { listed, omitted } = listedAlerts(group);
  const blocks: SlackBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: truncate(title, MAX_HEADER_CHARS) },
    },
    ...listed.map(alertSection),
  ];
  if (omitted > 0) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `and ${omitted} more alerts` }],
    });
  }
  const first = listed[0];
  const text = first ? `${title}: ${first.summary}` : title;
  return { text, blocks };
}
