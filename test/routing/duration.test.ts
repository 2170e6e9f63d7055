import { describe, expect, it } from "vitest";
import {
  DurationSchema,
  formatDuration,
  parseDurationMs,
} from "../../src/routing/duration";

describe("parseDurationMs", () => {
  // Each text is the number of milliseconds shown.
  it.each([
    ["0", 0],
    ["30s", 30_000],
    ["5m", 300_000],
    ["4h", 14_400_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1w", 604_800_000],
    ["250ms", 250],
  ])("reads %s", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(["", "5", "m5", "5m4h", "1.5h", "-1s", "5 m"])(
    "rejects %j",
    (text) => {
      expect(parseDurationMs(text)).toBeNull();
    },
  );

  it("round-trips through formatDuration", () => {
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(parseDurationMs(formatDuration(93_784_005))).toBe(93_784_005);
  });

  it("rejects durations over 30 days", () => {
    const result = DurationSchema.safeParse("31d");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain("exceeds the limit");
  });
});
