import { labelsOf, type AlertEvent } from "../alerts/alert-event";
import type { InhibitRuleConfig } from "../routing/document-schema";
import { findInhibition, type LabelledAlert } from "../routing/inhibit";
import { matchingSilences, type Silence } from "../routing/silence";
import type { MutedAlert } from "./decide";

/** The silences, rules and firing alerts muting is decided against. */
export interface MuteContext {
  nowMs: number;
  silences: readonly Silence[];
  inhibitRules: readonly InhibitRuleConfig[];
  /** Every alert firing now, in any group, as inhibition sources. */
  firing: readonly LabelledAlert[];
}

/** A muted alert with the silences or the rule and source that muted it. */
export interface MutedAlertDetail extends MutedAlert {
  silenceIds: string[];
  inhibitRuleIndex: number | null;
  sourceFingerprint: string | null;
}

export interface MuteResult {
  /** Firing alerts that may be sent. */
  unmuted: AlertEvent[];
  /** Firing alerts to record as muted instead of sending. */
  muted: MutedAlertDetail[];
}

function muteOne(
  event: AlertEvent,
  context: MuteContext,
): MutedAlertDetail | null {
  const labels = labelsOf(event);
  const silenceIds = matchingSilences(context.silences, labels, context.nowMs);
  const target = { fingerprint: event.fingerprint, labels };
  const inhibition = findInhibition(
    context.inhibitRules,
    target,
    context.firing,
  );
  if (silenceIds.length === 0 && inhibition === null) return null;
  return {
    fingerprint: event.fingerprint,
    // A silence is a person's explicit choice, so it is reported first.
    reason: silenceIds.length > 0 ? "silenced" : "inhibited",
    silenceIds,
    inhibitRuleIndex: inhibition?.ruleIndex ?? null,
    sourceFingerprint: inhibition?.sourceFingerprint ?? null,
  };
}

/**
 * Splits a group's firing alerts into those to send and those muted by an
 * active silence or an inhibition rule. Muting is decided at each flush, as
 * silences start and end and inhibiting alerts come and go.
 */
export function muteAlerts(
  firing: readonly AlertEvent[],
  context: MuteContext,
): MuteResult {
  const unmuted: AlertEvent[] = [];
  const muted: MutedAlertDetail[] = [];
  for (const event of firing) {
    const mute = muteOne(event, context);
    if (mute) muted.push(mute);
    else unmuted.push(event);
  }
  return { unmuted, muted };
}
