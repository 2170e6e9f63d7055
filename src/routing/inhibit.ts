import type { InhibitRuleConfig } from "./document-schema";
import { labelString, type LabelSet } from "./labels";
import { matchesAll } from "./matcher";

/** An alert as inhibition sees it: its identity and its labels. */
export interface LabelledAlert {
  fingerprint: string;
  labels: LabelSet;
}

/** Which rule and which source alert mute a target alert. */
export interface Inhibition {
  /** Index of the rule in the document's `inhibit_rules`. */
  ruleIndex: number;
  sourceFingerprint: string;
}

function sameEqualLabels(
  equal: readonly string[],
  source: LabelSet,
  target: LabelSet,
): boolean {
  return equal.every(
    (name) => labelString(source, name) === labelString(target, name),
  );
}

function inhibitsUnderRule(
  rule: InhibitRuleConfig,
  target: LabelledAlert,
  source: LabelledAlert,
): boolean {
  // An alert matching both sides of a rule must not mute itself.
  if (source.fingerprint === target.fingerprint) return false;
  return (
    matchesAll(rule.source_matchers, source.labels) &&
    sameEqualLabels(rule.equal, source.labels, target.labels)
  );
}

/**
 * Returns the first inhibition that mutes `target`, or null. `firing` must
 * hold only alerts firing now: a resolved alert inhibits nothing. As in
 * Alertmanager, a silenced source still inhibits.
 */
export function findInhibition(
  rules: readonly InhibitRuleConfig[],
  target: LabelledAlert,
  firing: readonly LabelledAlert[],
): Inhibition | null {
  for (const [ruleIndex, rule] of rules.entries()) {
    if (!matchesAll(rule.target_matchers, target.labels)) continue;
    const source = firing.find((s) => inhibitsUnderRule(rule, target, s));
    if (source) return { ruleIndex, sourceFingerprint: source.fingerprint };
  }
  return null;
}
