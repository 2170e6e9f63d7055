import { describe, expect, it } from "vitest";
import { page } from "./helpers";

describe("page assets", () => {
  it("serves uPlot from the Worker", async () => {
    const result = await page("/assets/uplot.js");
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/text\/javascript/);
    expect(result.text).toContain("uPlot");
  });

  it("serves uPlot's stylesheet", async () => {
    // Only the type: Vitest blanks CSS imports, so the body is empty here.
    // scripts/render-pages.ts checks the body under wrangler.
    const result = await page("/assets/uplot.css");
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/text\/css/);
  });

  it("serves the page stylesheet and scripts", async () => {
    for (const [name, type] of [
      ["pages.css", /text\/css/],
      ["refresh.js", /text\/javascript/],
      ["location-chart.js", /text\/javascript/],
    ] as const) {
      const result = await page(`/assets/${name}`);
      expect(result.status, name).toBe(200);
      expect(result.headers.get("content-type"), name).toMatch(type);
      expect(result.text.length, name).toBeGreaterThan(100);
    }
  });

  it("returns 404 for an unknown asset", async () => {
    expect((await page("/assets/secrets.txt")).status).toBe(404);
  });

  it("pages load nothing from another host", async () => {
    const result = await page("/");
    const sources = [...result.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source, source).toMatch(/^\//);
  });
});
