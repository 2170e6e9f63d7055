/**
 * Label sets that routing, grouping, inhibition and silences match on. A
 * label is a string, or a list of strings for labels that carry several
 * values at once (a location's tags).
 */

/** Label names, as Alertmanager defines them: `[a-zA-Z_][a-zA-Z0-9_]*`. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** One label's value: a single string or a list of strings. */
export type LabelValue = string | readonly string[];

/** The labels of one alert, keyed by label name. */
export type LabelSet = Readonly<Record<string, LabelValue>>;

/**
 * Returns the values a matcher tests for one label. A missing label and an
 * empty list both read as the single empty string, as Alertmanager treats a
 * missing label, so `tags=""` matches a location without tags.
 */
export function labelValues(labels: LabelSet, name: string): readonly string[] {
  const value = labels[name];
  if (value === undefined) return [""];
  if (typeof value === "string") return [value];
  return value.length === 0 ? [""] : value;
}

/**
 * Returns one label as a single string, with list values sorted and joined
 * by commas, for group keys and `equal` comparisons.
 */
export function labelString(labels: LabelSet, name: string): string {
  const value = labels[name];
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return [...value].sort().join(",");
}
