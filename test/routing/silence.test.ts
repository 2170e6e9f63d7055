import { describe, expect, it } from "vitest";
import {
  matchingSilences,
  SilenceInputSchema,
  SilenceSchema,
  silenceState,
} from "../../src/routing/silence";

const START = "2026-03-02T08:00:00Z";
const END = "2026-03-02T12:00:00Z";

function silence(matchers: string[], id = "sil-1") {
  return SilenceSchema.parse({
    id,
    matchers,
    startsAt: START,
    endsAt: END,
    createdBy: "ops@example.test",
    comment: "refit of the store",
  });
}

const labels = { location: "s-12", category: "sales", tags: ["mall"] };
const during = Date.parse("2026-03-02T09:00:00Z");

describe("silenceState", () => {
  // Each instant falls before, inside or after the window.
  it.each([
    ["2026-03-02T07:59:59Z", "pending"],
    [START, "active"],
    ["2026-03-02T11:59:59Z", "active"],
    [END, "expired"],
  ])("at %s is %s", (at, state) => {
    expect(silenceState(silence(["location=s-12"]), Date.parse(at))).toBe(state);
  });
});

describe("matchingSilences", () => {
  it("returns active silences whose matchers all match", () => {
    const silences = [
      silence(["location=s-12"], "a"),
      silence(["location=s-12", "category=integration"], "b"),
      silence(["tags=mall"], "c"),
    ];
    expect(matchingSilences(silences, labels, during)).toEqual(["a", "c"]);
  });

  it("ignores a silence outside its window", () => {
    const silences = [silence(["location=s-12"])];
    expect(matchingSilences(silences, labels, Date.parse(END))).toEqual([]);
  });
});

describe("SilenceInputSchema", () => {
  const base = {
    matchers: ["location=s-12"],
    startsAt: START,
    endsAt: END,
    createdBy: "ops@example.test",
    comment: "refit",
  };

  it("accepts a bounded silence", () => {
    expect(SilenceInputSchema.safeParse(base).success).toBe(true);
  });

  it("rejects an end before the start", () => {
    const result = SilenceInputSchema.safeParse({ ...base, endsAt: START });
    expect(result.error?.issues[0].path).toEqual(["endsAt"]);
  });

  it("rejects a silence that would mute everything", () => {
    const result = SilenceInputSchema.safeParse({
      ...base,
      matchers: ["location=~.*", "team!=ops"],
    });
    expect(result.error?.issues[0].path).toEqual(["matchers"]);
  });

  it("names the bad matcher", () => {
    const result = SilenceInputSchema.safeParse({ ...base, matchers: ["bad"] });
    expect(result.error?.issues[0].path).toEqual(["matchers", 0]);
  });
});
