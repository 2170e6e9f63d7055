import { describe, expect, it } from "vitest";
import { labelsOf } from "../../src/alerts/alert-event";
import { notifiedResolved } from "../../src/notify/group";
import { muteAlerts } from "../../src/notify/mute-stage";
import { compileRouting } from "../../src/routing/compile";
import { DEFAULT_ROUTING_DOCUMENT } from "../../src/routing/default-document";
import { RoutingDocumentSchema } from "../../src/routing/document-schema";
import { SilenceSchema } from "../../src/routing/silence";
import { makeAlert } from "../alerts/fixtures";

const { inhibitRules } = compileRouting(
  RoutingDocumentSchema.parse(DEFAULT_ROUTING_DOCUMENT),
);
const nowMs = Date.parse("2026-03-02T09:30:00Z");
const dip = makeAlert({ type: "sales_dip" });
const feed = makeAlert({ type: "feed_silent" });
const firing = [dip, feed].map((a) => ({
  fingerprint: a.fingerprint,
  labels: labelsOf(a),
}));

describe("muteAlerts", () => {
  it("mutes the dip while the feed is silent", () => {
    const result = muteAlerts([dip], { nowMs, silences: [], inhibitRules, firing });
    expect(result.unmuted).toEqual([]);
    expect(result.muted).toEqual([
      {
        fingerprint: dip.fingerprint,
        reason: "inhibited",
        silenceIds: [],
        inhibitRuleIndex: 0,
        sourceFingerprint: feed.fingerprint,
      },
    ]);
  });

  it("keeps the integration alert itself", () => {
    const result = muteAlerts([feed], { nowMs, silences: [], inhibitRules, firing });
    expect(result.unmuted).toEqual([feed]);
  });

  it("reports silences before inhibition", () => {
    const silence = SilenceSchema.parse({
      id: "sil-1",
      matchers: ["location=s-12"],
      startsAt: "2026-03-02T09:00:00Z",
      endsAt: "2026-03-02T10:00:00Z",
      createdBy: "ops@example.test",
      comment: "refit",
    });
    const result = muteAlerts([dip], {
      nowMs,
      silences: [silence],
      inhibitRules,
      firing,
    });
    expect(result.muted[0].reason).toBe("silenced");
    expect(result.muted[0].silenceIds).toEqual(["sil-1"]);
  });
});

describe("notifiedResolved", () => {
  it("drops resolutions the receiver never heard of", () => {
    const known = makeAlert({ status: "resolved", anomalyId: "a-1" });
    const unseen = makeAlert({ status: "resolved", anomalyId: "a-2" });
    expect(notifiedResolved([known, unseen], [known.fingerprint])).toEqual([known]);
  });
});
