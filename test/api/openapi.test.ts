import { describe, expect, it } from "vitest";
import { api } from "../helpers";

interface PatternNode {
  at: string;
  pattern: string;
  format?: string;
  examples?: unknown[];
}

/** Collects every schema node with a `pattern`, with its JSON path. */
function patternNodes(value: unknown, at = "$", found: PatternNode[] = []): PatternNode[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => patternNodes(item, `${at}[${i}]`, found));
    return found;
  }
  if (value === null || typeof value !== "object") return found;
  const node = value as Record<string, unknown>;
  if (typeof node.pattern === "string") {
    found.push({
      at,
      pattern: node.pattern,
      format: typeof node.format === "string" ? node.format : undefined,
      examples: Array.isArray(node.examples) ? node.examples : undefined,
    });
  }
  for (const [key, child] of Object.entries(node)) patternNodes(child, `${at}.${key}`, found);
  return found;
}

/** Valid values per format, for patterns whose node gives no example. */
const VALID_BY_FORMAT: Record<string, string[]> = {
  "date-time": ["2026-03-08T14:05:00-05:00", "2026-03-08T19:05:00.123Z", "2026-03-08t19:05:00z"],
  date: ["2026-03-08", "2024-02-29"],
};

describe("GET /openapi.json", () => {
  it("every pattern is a flagless ECMA-262 regex", async () => {
    const document = await api("/openapi.json", { token: null });
    expect(document.status).toBe(200);
    const nodes = patternNodes(document.body);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.pattern, node.at).not.toMatch(/\/[a-z]*$/);
      expect(() => new RegExp(node.pattern), node.at).not.toThrow();
    }
  });

  it("patterns match valid examples", async () => {
    const document = await api("/openapi.json", { token: null });
    const nodes = patternNodes(document.body);
    const timestamps = nodes.filter((n) => n.format === "date-time");
    expect(timestamps.length).toBeGreaterThanOrEqual(9);
    let checked = 0;
    for (const node of nodes) {
      const regex = new RegExp(node.pattern);
      const valid = [...(node.examples ?? []), ...(VALID_BY_FORMAT[node.format ?? ""] ?? [])];
      for (const example of valid) {
        expect(regex.test(String(example)), `${node.at} ${node.pattern} on ${String(example)}`).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(timestamps.length);
  });

  it("error answers promise issues", async () => {
    const document = await api("/openapi.json", { token: null });
    const errorBody = document.body.paths["/v1/events"].post.responses["400"].content["application/json"].schema;
    expect(errorBody.required).toContain("issues");
  });
});
