import { describe, expect, it } from "vitest";
import {
  formatMatcher,
  matches,
  parseMatcher,
  type Matcher,
} from "../../src/routing/matcher";

function parsed(text: string): Matcher {
  const result = parseMatcher(text);
  if ("error" in result) throw new Error(result.error);
  return result;
}

describe("parseMatcher", () => {
  // Each text parses to the name, operator and value shown.
  it.each([
    ["severity=critical", "severity", "=", "critical"],
    ['region=~"eu-.*"', "region", "=~", "eu-.*"],
    ['type != "sales_spike"', "type", "!=", "sales_spike"],
    ["tags!~flag.*", "tags", "!~", "flag.*"],
    ['comment="say \\"hi\\""', "comment", "=", 'say "hi"'],
    ["location=", "location", "=", ""],
  ])("parses %s", (text, name, operator, value) => {
    const matcher = parsed(text);
    expect(matcher.name).toBe(name);
    expect(matcher.operator).toBe(operator);
    expect(matcher.value).toBe(value);
  });

  // Each text is malformed in the way its error names.
  it.each([
    ["severity", "invalid matcher"],
    ["1abc=x", "invalid label name"],
    ['region="eu', "unterminated"],
    ["region=~(", "invalid regular expression"],
  ])("rejects %s", (text, error) => {
    const result = parseMatcher(text);
    expect("error" in result && result.error).toContain(error);
  });

  it("writes a matcher back in parseable form", () => {
    const matcher = parsed('comment="a \\"b\\""');
    expect(parsed(formatMatcher(matcher))).toEqual(matcher);
  });
});

describe("matches", () => {
  const labels = { region: "eu-west", tags: ["mall", "flagship"] };

  it("anchors regexes on both ends", () => {
    expect(matches(parsed("region=~eu"), labels)).toBe(false);
    expect(matches(parsed("region=~eu-.*"), labels)).toBe(true);
    expect(matches(parsed("region=~west"), labels)).toBe(false);
  });

  it("reads a missing label as empty", () => {
    expect(matches(parsed('team=""'), labels)).toBe(true);
    expect(matches(parsed("team!=ops"), labels)).toBe(true);
  });

  it("matches a list label when any value matches", () => {
    expect(matches(parsed("tags=flagship"), labels)).toBe(true);
    expect(matches(parsed("tags=~flag.*"), labels)).toBe(true);
    expect(matches(parsed("tags=outlet"), labels)).toBe(false);
  });

  it("negates a list label when no value matches", () => {
    expect(matches(parsed("tags!=outlet"), labels)).toBe(true);
    expect(matches(parsed("tags!=mall"), labels)).toBe(false);
    expect(matches(parsed("tags!~fl.*"), labels)).toBe(false);
  });

  it("treats an empty tag list as an empty value", () => {
    expect(matches(parsed('tags=""'), { tags: [] })).toBe(true);
    expect(matches(parsed("tags=mall"), { tags: [] })).toBe(false);
  });
});
