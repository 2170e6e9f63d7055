import { describe, expect, it } from "vitest";
import { clippedSd, madSd } from "../../src/model/robust";
import { Random } from "../../src/simulation";

function spreadOf(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

describe("clipped standard deviation", () => {
  const random = new Random(11);
  // 400 samples of four weeks of unit-normal day errors.
  const samples = Array.from({ length: 400 }, () => Array.from({ length: 28 }, () => random.normal()));

  it("is consistent and less noisy than the MAD", () => {
    const clipped = samples.map((s) => clippedSd(s, 0));
    const mad = samples.map((s) => madSd(s, 0));
    const mean = clipped.reduce((s, v) => s + v, 0) / clipped.length;
    expect(mean).toBeGreaterThan(0.95);
    expect(mean).toBeLessThan(1.02);
    expect(spreadOf(clipped)).toBeLessThan(0.7 * spreadOf(mad));
  });

  it("ignores a few far-off values", () => {
    const polluted = samples[0].map((v, i) => (i < 2 ? 40 : v));
    expect(clippedSd(polluted, 0)).toBeLessThan(1.3 * clippedSd(samples[0].slice(2), 0));
  });
});
