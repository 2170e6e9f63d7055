import { z } from "zod";
import { LABEL_NAME_PATTERN, labelValues, type LabelSet } from "./labels";

/** Longest matcher accepted, in characters, so a regex stays reviewable. */
export const MAX_MATCHER_LENGTH = 1_000;

/** Matcher operators, with the meaning Alertmanager gives them. */
export const MATCH_OPERATORS = ["=", "!=", "=~", "!~"] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

/** One parsed matcher such as `region=~"eu-.*"`. */
export interface Matcher {
  name: string;
  operator: MatchOperator;
  value: string;
  /** The anchored regex for `=~` and `!~`; absent for `=` and `!=`. */
  regex?: RegExp;
}

/** A matcher that failed to parse, with the reason. */
export interface MatcherError {
  error: string;
}

// Two-character operators come first so `=~` is not read as `=`.
const SYNTAX = /^\s*([^=!~\s]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

function unquote(raw: string): string | MatcherError {
  if (!raw.startsWith('"')) return raw;
  if (raw.length < 2 || !raw.endsWith('"')) {
    return { error: `unterminated quoted value ${raw}; close it with "` };
  }
  return raw.slice(1, -1).replace(/\\(["\\])/g, "$1");
}

function compileRegex(value: string): RegExp | MatcherError {
  try {
    // Anchored on both ends, as Alertmanager anchors every matcher regex.
    return new RegExp(`^(?:${value})$`);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { error: `invalid regular expression ${value}: ${reason}` };
  }
}

/**
 * Parses a matcher written as `name op value`, for example `severity=critical`,
 * `region=~"eu-.*"` or `type!="sales_spike"`. The value may be double-quoted,
 * with `\"` and `\\` as escapes.
 */
export function parseMatcher(text: string): Matcher | MatcherError {
  if (text.length > MAX_MATCHER_LENGTH) {
    return {
      error:
        `matcher of ${text.length} characters exceeds the limit of ` +
        `${MAX_MATCHER_LENGTH}; shorten it`,
    };
  }
  const parts = SYNTAX.exec(text);
  if (!parts) {
    return { error: `invalid matcher ${text}; write it as name=value` };
  }
  const [, name, operator, rawValue] = parts;
  if (!LABEL_NAME_PATTERN.test(name)) {
    return { error: `invalid label name "${name}" in matcher ${text}` };
  }
  const value = unquote(rawValue);
  if (typeof value !== "string") return value;

  const matcher: Matcher = { name, operator: operator as MatchOperator, value };
  if (operator === "=~" || operator === "!~") {
    const regex = compileRegex(value);
    if (!(regex instanceof RegExp)) return regex;
    matcher.regex = regex;
  }
  return matcher;
}

function matchesValue(matcher: Matcher, value: string): boolean {
  return matcher.regex ? matcher.regex.test(value) : value === matcher.value;
}

/**
 * Reports whether a label set satisfies one matcher. A list label such as
 * `tags` satisfies `=` and `=~` when any of its values does, and `!=` and
 * `!~` when none of its values matches the value or regex.
 */
export function matches(matcher: Matcher, labels: LabelSet): boolean {
  const values = labelValues(labels, matcher.name);
  const anyMatch = values.some((v) => matchesValue(matcher, v));
  const negative = matcher.operator === "!=" || matcher.operator === "!~";
  return negative ? !anyMatch : anyMatch;
}

/** Reports whether a label set satisfies every matcher in the list. */
export function matchesAll(
  matchers: readonly Matcher[],
  labels: LabelSet,
): boolean {
  return matchers.every((m) => matches(m, labels));
}

/** Writes a matcher back in the form `parseMatcher` reads. */
export function formatMatcher(matcher: Matcher): string {
  const escaped = matcher.value.replace(/(["\\])/g, "\\$1");
  return `${matcher.name}${matcher.operator}"${escaped}"`;
}

/** A matcher string in a document, parsed; a parse failure is a zod issue. */
export const MatcherSchema = z.string().transform((text, ctx): Matcher => {
  const parsed = parseMatcher(text);
  if ("error" in parsed) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});
