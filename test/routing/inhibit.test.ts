import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTING_DOCUMENT } from "../../src/routing/default-document";
import { findInhibition } from "../../src/routing/inhibit";
import { compile } from "./helpers";

const { inhibitRules } = compile(DEFAULT_ROUTING_DOCUMENT);

const dip = {
  fingerprint: "dip",
  labels: { category: "sales", type: "sales_dip", location: "s-12" },
};
const silentFeed = {
  fingerprint: "feed",
  labels: { category: "integration", type: "feed_silent", location: "s-12" },
};

describe("findInhibition with the default document", () => {
  it("mutes a sales dip while the feed is silent there", () => {
    expect(findInhibition(inhibitRules, dip, [silentFeed])).toEqual({
      ruleIndex: 0,
      sourceFingerprint: "feed",
    });
  });

  it("keeps a dip at another location", () => {
    const elsewhere = { ...dip, labels: { ...dip.labels, location: "s-13" } };
    expect(findInhibition(inhibitRules, elsewhere, [silentFeed])).toBeNull();
  });

  it("keeps the dip once the feed alert stops firing", () => {
    expect(findInhibition(inhibitRules, dip, [])).toBeNull();
  });

  it("never mutes the integration alert itself", () => {
    expect(findInhibition(inhibitRules, silentFeed, [silentFeed])).toBeNull();
  });
});

describe("findInhibition", () => {
  const rules = compile({
    route: { receiver: "r" },
    receivers: [{ name: "r" }],
    inhibit_rules: [
      {
        source_matchers: ["severity=critical"],
        target_matchers: ["severity=~critical|major"],
        equal: ["location"],
      },
    ],
  }).inhibitRules;

  it("does not let an alert mute itself when it matches both sides", () => {
    const labels = { severity: "critical", location: "x" };
    const critical = { fingerprint: "c", labels };
    expect(findInhibition(rules, critical, [critical])).toBeNull();
  });

  it("lets another alert matching both sides mute it", () => {
    const first = { fingerprint: "c1", labels: { severity: "critical", location: "x" } };
    const second = { ...first, fingerprint: "c2" };
    expect(findInhibition(rules, first, [second])?.sourceFingerprint).toBe("c2");
  });

  it("treats a label missing on both sides as equal", () => {
    const source = { fingerprint: "s", labels: { severity: "critical" } };
    const target = { fingerprint: "t", labels: { severity: "major" } };
    expect(findInhibition(rules, target, [source])).not.toBeNull();
  });
});
