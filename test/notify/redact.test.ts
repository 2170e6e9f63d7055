import { describe, expect, it } from "vitest";
import { redactSecret, redactUrl, scrubText } from "../../src/notify/redact";

const SLACK_URL = "https://hooks.slack.com/services/T000/B000/XyZsecretA1B2";

describe("redactUrl", () => {
  it("keeps the host and last four characters", () => {
    expect(redactUrl(SLACK_URL)).toBe("hooks.slack.com/…A1B2");
  });

  it("hides the path", () => {
    expect(redactUrl(SLACK_URL)).not.toContain("services");
  });

  it("shows nothing of an unparsable URL", () => {
    expect(redactUrl("not a url at all")).toBe("…");
  });
});

describe("redactSecret", () => {
  it("keeps the prefix and last four characters", () => {
    const secret = `whsec_${btoa("k".repeat(32))}`;
    expect(redactSecret(secret)).toBe(`whsec_…${secret.slice(-4)}`);
  });

  it("shows no suffix of a short secret", () => {
    expect(redactSecret("short")).toBe("…");
  });
});

describe("scrubText", () => {
  it("removes secrets and any URL", () => {
    const text = `POST ${SLACK_URL} failed with key whsec_abc; see http://x.test/a`;
    const scrubbed = scrubText(text, [SLACK_URL, "whsec_abc"]);
    expect(scrubbed).not.toContain("XyZsecret");
    expect(scrubbed).not.toContain("whsec_abc");
    expect(scrubbed).not.toContain("x.test");
  });
});
