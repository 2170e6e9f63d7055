import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recordAlertEvents } from "../../src/registry/alerts";
import { makeAlert } from "../alerts/fixtures";
import { ADMIN, api, location, register } from "../helpers";
import { DAY, HOUR, hourOfSales, replayHour, trainedStore } from "../scoring/helpers";
import { page } from "./helpers";

const admin = { authorization: `Bearer ${ADMIN}` };

/** Start of a Tuesday at least ten days before now, 00:00 UTC. */
function pastTuesday(): number {
  let day = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
  while (new Date(day).getUTCDay() !== 2) day -= DAY;
  return day;
}

describe("location page content", () => {
  it("alert link opens the page with the anomaly", async () => {
    const start = pastTuesday();
    await trainedStore("pc-dip", start);
    for (let h = 0; h < 15; h++) {
      const t = start + h * HOUR;
      await replayHour("pc-dip", t, hourOfSales("pc-dip", t, h >= 11 ? 0.3 : 1));
    }
    const open = (await api("/v1/locations/pc-dip/state")).body.openAnomalies;
    expect(open).toHaveLength(1);
    const link = new URL(open[0].link);
    expect(link.pathname).toBe("/locations/pc-dip");
    expect(link.searchParams.get("token")).toBeTruthy();

    const result = await page(`${link.pathname}${link.search}`);
    expect(result.status).toBe(200);
    expect(result.text).toContain("Sales dip");
    expect(result.text).toContain(`data-anomaly-id="${open[0].anomalyId}"`);
    expect(result.text).toContain("Impact so far");

    const chartUrl = /data-series-url="([^"]+)"/.exec(result.text)?.[1].replaceAll("&amp;", "&");
    const series = JSON.parse((await page(chartUrl ?? "")).text);
    expect(series.metric).toBe(open[0].metric);
    expect(series.points.some((p: any) => p.lower !== null && p.upper !== null)).toBe(true);
    expect(series.anomalies.map((a: any) => a.anomalyId)).toEqual([open[0].anomalyId]);
    expect(series.anomalies[0].endMs).toBeNull();
  });

  it("shades hours outside the opening hours", async () => {
    const weekday: [string, string][] = [["09:00", "17:00"]];
    const hours = { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] };
    await register(location("pc-hours", { timezone: "UTC", openingHours: hours }));
    const to = Date.parse("2026-03-04T00:00:00Z");
    const result = await page(`/pages/api/locations/pc-hours/series?metric=sales&days=1&to=${to}`, admin);
    const points = JSON.parse(result.text).points;
    expect(points).toHaveLength(24);
    expect(points.filter((p: any) => !p.closed)).toHaveLength(8);
    expect(points[9].closed).toBe(false);
    expect(points[8].closed).toBe(true);
  });
});

describe("overview content", () => {
  it("groups firing alerts by region and category", async () => {
    await register(
      location("po-a", { region: "north" }),
      location("po-b", { region: "north" }),
      location("po-c", { region: "south" }),
    );
    const older = makeAlert({ locationId: "po-a", region: "north", anomalyId: "po-1" });
    const newer = {
      ...makeAlert({ locationId: "po-b", region: "north", anomalyId: "po-2" }),
      startedAt: { utc: "2026-03-02T11:00:00Z", local: "2026-03-02T12:00:00+01:00" },
    };
    const silent = makeAlert({ locationId: "po-c", region: "south", type: "feed_silent", anomalyId: "po-3" });
    await recordAlertEvents(env.DB, [older, newer, silent].map((event) => ({ event, receivers: [] })), Date.now());

    const result = await page("/", admin);
    expect(result.status).toBe(200);
    const north = result.text.indexOf('data-region="north"');
    const south = result.text.indexOf('data-region="south"');
    expect(north).toBeGreaterThan(0);
    expect(south).toBeGreaterThan(north);
    const first = result.text.indexOf('data-anomaly-id="po-2"');
    const second = result.text.indexOf('data-anomaly-id="po-1"');
    expect(first).toBeGreaterThan(north);
    expect(second).toBeGreaterThan(first);
    expect(result.text).toContain("Integration");
    expect(result.text).toMatch(/href="\/locations\/po-a\?token=v1\.[^"]+"/);
  });

  it("counts silent, anomalous and healthy locations", async () => {
    const result = await page("/", admin);
    const count = (kind: string) =>
      Number(new RegExp(`data-count="${kind}">\\s*<span class="value">([\\d,]+)`).exec(result.text)?.[1].replace(",", ""));
    expect(count("locations")).toBe(count("silent") + count("anomalous") + count("healthy"));
    // The alerts stored by the test above: po-c silent, po-a and po-b not.
    expect(count("silent")).toBeGreaterThanOrEqual(1);
    expect(count("anomalous")).toBeGreaterThanOrEqual(2);
  });
});
