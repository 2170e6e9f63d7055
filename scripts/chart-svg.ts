/**
 * Draws one location's daily series as an SVG chart: the model's expected
 * value and interval, the actual values, closed days and flagged days. The
 * SVG is built as a string, so the chart needs no plotting dependency.
 *
 * As a command it reads the series from a Worker's API and writes one file
 * per location:
 *
 *   npx tsx scripts/chart-svg.ts --state .sitewatch/replay-state \
 *     --locations rossmann-674,rossmann-1 --from 2015-01-01 --to 2015-08-01 \
 *     --out docs/images
 *
 * `--state` starts a Worker on that saved state; `--base-url` uses one that
 * is already running, with the admin token from `.dev.vars`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ApiClient } from "./lib/api-client";
import { ensureDevVars } from "./lib/dev-vars";
import { startDevServer, type DevServer } from "./lib/dev-server";
import { ROOT_DIR } from "./lib/wrangler-process";
import { addDays, dayStart, formatLocal } from "../src/time/zone";

/** One day of the chart, in the currency's major unit. */
export interface ChartDay {
  date: string;
  value: number;
  open: boolean | null;
  expected?: number;
  lower?: number;
  upper?: number;
  /** Alert types open at the end of the day. */
  flags: string[];
}

/** Zone of the dates on the command line and in the chart. */
const ZONE = "Europe/Berlin";
const WIDTH = 900;
const HEIGHT = 320;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 40 };
const COLORS = {
  band: "#cfe3f7",
  expected: "#2f6db5",
  actual: "#222222",
  closed: "#999999",
  dip: "#d62728",
  spike: "#e08a00",
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function linePath(points: [number, number][]): string {
  return points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`).join("");
}

/** Splits days into runs that have a prediction, so gaps break the lines. */
function predictedRuns(days: ChartDay[]): ChartDay[][] {
  const runs: ChartDay[][] = [];
  let run: ChartDay[] = [];
  for (const day of days) {
    if (day.expected === undefined || day.open === false) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    run.push(day);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function axes(days: ChartDay[], x: (i: number) => number, y: (v: number) => number, yMax: number) {
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const value = (yMax * k) / 4;
    const top = y(value).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${top}" y2="${top}" stroke="#eee"/>`);
    const label = value >= 1000 ? `${(value / 1000).toFixed(value % 1000 ? 1 : 0)}k` : value.toFixed(0);
    parts.push(`<text x="${MARGIN.left - 6}" y="${top}" text-anchor="end" dy="4">${label}</text>`);
  }
  days.forEach((day, i) => {
    if (!day.date.endsWith("-01")) return;
    const left = x(i).toFixed(1);
    parts.push(`<line x1="${left}" x2="${left}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${left}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${day.date.slice(0, 7)}</text>`);
  });
  return parts.join("");
}

function legend(): string {
  const items: [string, string][] = [
    [COLORS.band, "interval"],
    [COLORS.expected, "expected"],
    [COLORS.actual, "actual"],
    [COLORS.closed, "closed"],
    [COLORS.dip, "dip open"],
    [COLORS.spike, "spike open"],
  ];
  return items
    .map(([color, label], i) => {
      const left = MARGIN.left + i * 110;
      return `<rect x="${left}" y="${HEIGHT - 14}" width="10" height="10" fill="${color}"/>` +
        `<text x="${left + 14}" y="${HEIGHT - 5}">${label}</text>`;
    })
    .join("");
}

/** Renders the chart of `days` as a standalone SVG document. */
export function renderChart(title: string, days: ChartDay[]): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const highest = Math.max(1, ...days.map((d) => Math.max(d.value, d.upper ?? 0)));
  const yMax = niceCeiling(highest);
  const step = plotWidth / Math.max(1, days.length);
  const x = (i: number) => MARGIN.left + (i + 0.5) * step;
  const y = (v: number) => MARGIN.top + plotHeight * (1 - v / yMax);

  const flags = days
    .map((day, i) => {
      if (day.flags.length === 0) return "";
      const color = day.flags.includes("sales_dip") ? COLORS.dip : COLORS.spike;
      const left = (x(i) - step / 2).toFixed(1);
      return `<rect x="${left}" y="${MARGIN.top}" width="${step.toFixed(1)}" height="${plotHeight}" fill="${color}" fill-opacity="0.18"/>`;
    })
    .join("");
  const bands = predictedRuns(days)
    .map((run) => {
      const index = (day: ChartDay) => days.indexOf(day);
      const upper = run.map((d) => [x(index(d)), y(d.upper!)] as [number, number]);
      const lower = run.map((d) => [x(index(d)), y(d.lower!)] as [number, number]).reverse();
      const band = `<path d="${linePath([...upper, ...lower])}Z" fill="${COLORS.band}"/>`;
      const expected = run.map((d) => [x(index(d)), y(d.expected!)] as [number, number]);
      return band + `<path d="${linePath(expected)}" fill="none" stroke="${COLORS.expected}" stroke-width="1.5"/>`;
    })
    .join("");
  const actual = days
    .map((day, i) => {
      let color = COLORS.actual;
      if (day.flags.length > 0) color = day.flags.includes("sales_dip") ? COLORS.dip : COLORS.spike;
      if (day.open === false) color = COLORS.closed;
      const fill = day.open === false ? "none" : color;
      return `<circle cx="${x(i).toFixed(1)}" cy="${y(day.value).toFixed(1)}" r="2.2" fill="${fill}" stroke="${color}"/>`;
    })
    .join("");

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui,sans-serif" font-size="11" fill="#333">
<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>
<text x="${MARGIN.left}" y="20" font-size="14" font-weight="600">${escapeXml(title)}</text>
${axes(days, x, y, yMax)}${flags}${bands}${actual}${legend()}
</svg>
`;
}

/** A point of `GET /v1/locations/:id/series`. */
interface SeriesPoint {
  date?: string;
  startLocal: string;
  value: number;
  open: boolean | null;
  expected?: number;
  lower?: number;
  upper?: number;
}

/**
 * Reads one location's daily sales for local dates in `[from, to)` from the
 * API, in euros: the API returns cents, the minor unit of EUR.
 */
export async function fetchDailySales(api: ApiClient, locationId: string, from: string, to: string) {
  const query = new URLSearchParams({
    metric: "sales",
    grain: "day",
    from: new Date(dayStart(ZONE, from)).toISOString(),
    to: new Date(dayStart(ZONE, to)).toISOString(),
  });
  const series = await api.request<{ points: SeriesPoint[] }>(
    "GET",
    `/v1/locations/${encodeURIComponent(locationId)}/series?${query}`,
  );
  const major = (minor: number | undefined) => (minor === undefined ? undefined : minor / 100);
  return series.points.map((p) => ({
    date: p.date ?? p.startLocal.slice(0, 10),
    value: p.value / 100,
    open: p.open,
    expected: major(p.expected),
    lower: major(p.lower),
    upper: major(p.upper),
  }));
}

/** An alert of `GET /v1/alerts`, with the event-time span of its episode. */
interface ListedAlert {
  type: string;
  event: { startedAt: { local: string }; endedAt?: string; updatedAt: string };
}

/**
 * Reads the sales alerts of one location and returns, per local date, the
 * alert types whose episode spans it. An episode starts with the window
 * that first breached, so it can begin a few days before the day it
 * opened. It resolves at the close of its first normal day, which is not
 * shaded; one still firing is shaded to `to`.
 */
export async function fetchFlags(api: ApiClient, locationId: string, to: string, timeZone = ZONE) {
  const query = new URLSearchParams({
    location: locationId,
    category: "sales",
    sinceHours: String(24 * 90),
    limit: "1000",
  });
  const listed = await api.request<{ alerts: ListedAlert[] }>("GET", `/v1/alerts?${query}`);
  const flags = new Map<string, string[]>();
  for (const alert of listed.alerts) {
    const endedAt = alert.event.endedAt;
    const last = endedAt ? addDays(formatLocal(timeZone, Date.parse(endedAt)).slice(0, 10), -2) : to;
    let date = alert.event.startedAt.local.slice(0, 10);
    for (; date <= last && date < to; date = addDays(date, 1)) {
      flags.set(date, [...(flags.get(date) ?? []), alert.type]);
    }
  }
  return flags;
}

/** Writes the chart of one location's daily sales and alerts to `folder`. */
export async function writeChart(api: ApiClient, locationId: string, range: { from: string; to: string }, folder: string) {
  const [days, flags] = await Promise.all([
    fetchDailySales(api, locationId, range.from, range.to),
    fetchFlags(api, locationId, range.to),
  ]);
  const chartDays = days.map((d) => ({ ...d, flags: flags.get(d.date) ?? [] }));
  const path = join(folder, `${locationId}.svg`);
  await mkdir(folder, { recursive: true });
  await writeFile(path, renderChart(`${locationId}: daily sales (EUR)`, chartDays));
  return path;
}

async function main() {
  const { values } = parseArgs({
    options: {
      state: { type: "string" },
      "base-url": { type: "string" },
      locations: { type: "string" },
      from: { type: "string", default: "2015-01-01" },
      to: { type: "string", default: "2015-08-01" },
      out: { type: "string", default: "docs/images" },
    },
  });
  if (!values.locations || (!values.state && !values["base-url"])) {
    console.error("usage: chart-svg --locations ID,ID (--state DIR | --base-url URL) [--from D] [--to D] [--out DIR]");
    process.exit(2);
  }
  let server: DevServer | undefined;
  try {
    let api: ApiClient;
    if (values.state) {
      server = await startDevServer({ persistTo: values.state, frozen: true });
      api = new ApiClient(server.baseUrl, server.adminToken!);
    } else {
      const vars = await ensureDevVars(join(ROOT_DIR, ".dev.vars"));
      api = new ApiClient(values["base-url"]!, vars.adminToken);
    }
    for (const id of values.locations.split(",")) {
      const path = await writeChart(api, id, { from: values.from, to: values.to }, values.out);
      console.log(`chart-svg: wrote ${path}`);
    }
  } finally {
    await server?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(`chart-svg: failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  });
}
