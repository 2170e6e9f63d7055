import { labelsOf, type AlertEvent } from "../../src/alerts/alert-event";
import type { MuteContext } from "../../src/notify/mute-stage";
import { firingAlerts } from "../../src/registry/alerts";
import { activeSilences } from "../../src/registry/silences";
import type { InhibitRuleConfig } from "../../src/routing/document-schema";
import { matchesAll } from "../../src/routing/matcher";

/**
 * Most firing alerts read as inhibition sources when a rule does not tie
 * source and target to one location. A chain with more alerts firing at
 * once than this should put `location` in the rule's `equal`.
 */
export const MAX_INHIBITION_SOURCES = 10_000;

function applicableRules(
  rules: readonly InhibitRuleConfig[],
  firing: readonly AlertEvent[],
): InhibitRuleConfig[] {
  return rules.filter((rule) =>
    firing.some((event) => matchesAll(rule.target_matchers, labelsOf(event))),
  );
}

async function inhibitionSources(
  db: D1Database,
  rules: readonly InhibitRuleConfig[],
  firing: readonly AlertEvent[],
): Promise<AlertEvent[]> {
  if (rules.length === 0) return [];
  // A rule with `location` in `equal` only pairs alerts of one location,
  // so the sources are the alerts firing at the group's own locations.
  const perLocation = rules.every((rule) => rule.equal.includes("location"));
  const locations = [...new Set(firing.map((e) => e.location.id))];
  return firingAlerts(
    db,
    perLocation ? locations : null,
    MAX_INHIBITION_SOURCES,
  );
}

/**
 * Loads what muting is decided against at a flush: the silences in force
 * and, only for rules that could mute one of the group's alerts, the alerts
 * firing now that could be their source.
 */
export async function loadMuteContext(
  env: Env,
  allRules: readonly InhibitRuleConfig[],
  firing: readonly AlertEvent[],
  nowMs: number,
): Promise<MuteContext> {
  if (firing.length === 0) {
    return { nowMs, silences: [], inhibitRules: [], firing: [] };
  }
  const inhibitRules = applicableRules(allRules, firing);
  const [silences, sources] = await Promise.all([
    activeSilences(env.DB, nowMs),
    inhibitionSources(env.DB, inhibitRules, firing),
  ]);
  return {
    nowMs,
    silences,
    inhibitRules,
    firing: sources.map((event) => ({
      fingerprint: event.fingerprint,
      labels: labelsOf(event),
    })),
  };
}
