import { describe, expect, it } from "vitest";
import { pickBaseline, type ModelArtifact } from "../../src/model";

const DAY = 86_400_000;

/** Builds a stand-in artifact, whose identity is all the choice looks at. */
function model(name: string): ModelArtifact {
  return { timeZone: name } as ModelArtifact;
}

describe("holdout baseline", () => {
  const live = model("live");
  const holdoutStart = 100 * DAY;

  it("takes the newest version that predates the holdout", () => {
    const earlier = [
      { model: model("v1"), trainedThroughMs: 80 * DAY },
      { model: model("v2"), trainedThroughMs: 95 * DAY },
      { model: model("v3"), trainedThroughMs: 110 * DAY },
    ];
    expect(pickBaseline(live, earlier, holdoutStart)?.timeZone).toBe("v2");
  });

  it("falls back to the live model", () => {
    const earlier = [{ model: model("v3"), trainedThroughMs: 110 * DAY }];
    expect(pickBaseline(live, earlier, holdoutStart)).toBe(live);
    expect(pickBaseline(null, [], holdoutStart)).toBeNull();
  });
});
