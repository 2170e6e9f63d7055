/**
 * Renders the location page and the fleet overview in headless Chromium
 * against the Worker on the local runtime, with seeded stores. It checks
 * that the chart draws with its band and anomaly marks, that expired and
 * foreign links are rejected, and that nothing loads from another host.
 * Saves screenshots under docs/screenshots/. Exits 1 on any failure.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CHROMIUM_PATH overrides).
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { signLinkToken } from "../src/auth/link-token";
import { ApiClient } from "./lib/api-client";
import { startDevServer, type DevServer } from "./lib/dev-server";
import { parseDevVars } from "./lib/dev-vars";
import { HEALTHY_STORE, SEEDED_STORES, seedPageStores } from "./lib/page-fixtures";
import { ROOT_DIR } from "./lib/wrangler-process";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT_DIR = join(ROOT_DIR, "docs", "screenshots");
const ALERTS_TIMEOUT_MS = 30_000;
const DRAW_TIMEOUT_MS = 15_000;
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

// Without the background-networking flags Chromium tries to reach Google's
// hosts at start, which a closed network refuses.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function step(message: string) {
  console.error(`render-pages: ${message}`);
}

async function waitForFiringAlerts(api: ApiClient, count: number) {
  const deadline = Date.now() + ALERTS_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const list = await api.request<{ alerts: unknown[] }>("GET", "/v1/alerts?status=firing");
    if (list.alerts.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`fewer than ${count} firing alerts reached D1 within ${ALERTS_TIMEOUT_MS} ms`);
}

// Browser-side checks, passed as source text because the scripts compile
// without the DOM library.
const INKED_PIXELS_SCRIPT = `(() => {
  const canvas = document.querySelector("#chart canvas");
  const context = canvas && canvas.getContext("2d");
  if (!context) return 0;
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const white = pixels[i] > 250 && pixels[i + 1] > 250 && pixels[i + 2] > 250;
    if (pixels[i + 3] > 0 && !white) inked += 1;
  }
  return inked;
})()`;
const OVERFLOW_SCRIPT = "document.documentElement.scrollWidth - window.innerWidth";

/** Counts chart canvas pixels that are neither transparent nor white. */
function inkedPixels(page: Page): Promise<number> {
  return page.evaluate<number>(INKED_PIXELS_SCRIPT);
}

/** Fails the run when a page requests anything from another origin. */
function watchOrigins(page: Page, baseUrl: string, foreign: string[]) {
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith("data:")) foreign.push(url);
  });
}

async function checkLocationPage(browser: Browser, server: DevServer, link: string) {
  const page = await browser.newPage({ viewport: LAPTOP });
  const foreign: string[] = [];
  watchOrigins(page, server.baseUrl, foreign);
  const response = await page.goto(link);
  assert.equal(response?.status(), 200, "location page status");
  await page.waitForSelector('#chart[data-state="drawn"]', { timeout: DRAW_TIMEOUT_MS });

  const chart = page.locator("#chart");
  const band = Number(await chart.getAttribute("data-band-points"));
  const marks = Number(await chart.getAttribute("data-anomaly-marks"));
  const closed = Number(await chart.getAttribute("data-closed-hours"));
  assert.ok(band > 24, `chart has ${band} hours with an interval band`);
  assert.ok(marks >= 1, `chart marks ${marks} anomalies`);
  assert.ok(closed > 0, `chart shades ${closed} closed hours`);
  assert.ok((await inkedPixels(page)) > 5_000, "chart canvas has drawn pixels");
  assert.ok((await page.locator("[data-anomaly-mark]").count()) >= 1, "anomaly list below the chart");
  assert.ok((await page.locator("article.anomaly").count()) >= 1, "open anomaly card");
  assert.match(await page.locator("#anomalies").innerText(), /expected/i);
  assert.deepEqual(foreign, [], "location page loads only from the Worker");
  await page.screenshot({ path: join(SCREENSHOT_DIR, "location.png"), fullPage: true });

  await page.setViewportSize(PHONE);
  await page.reload();
  await page.waitForSelector('#chart[data-state="drawn"]', { timeout: DRAW_TIMEOUT_MS });
  const overflow = await page.evaluate<number>(OVERFLOW_SCRIPT);
  assert.ok(overflow <= 0, `phone layout overflows by ${overflow} px`);
  await page.screenshot({ path: join(SCREENSHOT_DIR, "location-phone.png"), fullPage: true });
  await page.close();
}

async function checkRejectedLinks(browser: Browser, server: DevServer, link: string) {
  const page = await browser.newPage();
  const url = new URL(link);
  const token = url.searchParams.get("token") ?? "";

  const foreign = await page.goto(`${server.baseUrl}/locations/${HEALTHY_STORE.id}?token=${token}`);
  assert.equal(foreign?.status(), 403, "a link for another location is rejected");
  assert.doesNotMatch(await page.content(), new RegExp(HEALTHY_STORE.name));

  const vars = parseDevVars(await readFile(join(ROOT_DIR, ".dev.vars"), "utf8"));
  const scope = { kind: "location", locationId: SEEDED_STORES[0].id } as const;
  const expiredToken = await signLinkToken(vars.get("SECRETS_KEY") ?? "", scope, Date.now() - 1_000);
  const expired = await page.goto(`${server.baseUrl}${url.pathname}?token=${expiredToken}`);
  assert.equal(expired?.status(), 401, "an expired link is rejected");
  assert.match(await page.content(), /expired/);

  const none = await page.goto(`${server.baseUrl}${url.pathname}`);
  assert.equal(none?.status(), 401, "a page without a token is rejected");
  const data = await page.goto(`${server.baseUrl}/pages/api/locations/${HEALTHY_STORE.id}/series?metric=sales&token=${token}`);
  assert.equal(data?.status(), 403, "chart data of another location is rejected");
  await page.close();
}

async function checkOverview(browser: Browser, server: DevServer) {
  const page = await browser.newPage({ viewport: LAPTOP });
  const foreign: string[] = [];
  watchOrigins(page, server.baseUrl, foreign);
  const unsigned = await page.goto(`${server.baseUrl}/`);
  assert.equal(unsigned?.status(), 401, "overview without sign-in is rejected");
  await page.fill("#admin-token", server.adminToken ?? "");
  await Promise.all([page.waitForURL(`${server.baseUrl}/`), page.click("form.sign-in button")]);

  const alerts = page.locator("li.alert");
  assert.ok((await alerts.count()) >= SEEDED_STORES.length, "overview lists the open anomalies");
  const href = (await alerts.first().locator("a").getAttribute("href")) ?? "";
  assert.match(href, /^\/locations\/[^?]+\?token=v1\./, "overview links carry a fresh token");
  const tile = (kind: string) => page.locator(`[data-count="${kind}"] .value`).innerText();
  assert.equal(await tile("silent"), "1", "one store is silent");
  assert.equal(await tile("anomalous"), "1", "one store is anomalous");
  assert.equal(await tile("healthy"), "1", "one store is healthy");
  assert.deepEqual(foreign, [], "overview loads only from the Worker");
  await page.screenshot({ path: join(SCREENSHOT_DIR, "overview.png"), fullPage: true });

  const css = await page.request.get(`${server.baseUrl}/assets/uplot.css`);
  assert.ok((await css.text()).includes(".uplot"), "uPlot stylesheet is served");
  await page.close();
}

async function main() {
  const persistTo = await mkdtemp(join(tmpdir(), "sitewatch-pages-"));
  let server: DevServer | null = null;
  let browser: Browser | null = null;
  try {
    // NOTE: not frozen: a dry-run bundle names uPlot's text module *.js,
    // which `wrangler dev --no-bundle` then loads as JavaScript and fails.
    server = await startDevServer({ persistTo });
    const api = new ApiClient(server.baseUrl, server.adminToken ?? "");
    step("seeding stores, training and replaying a week");
    await seedPageStores(api, Date.now());
    await waitForFiringAlerts(api, SEEDED_STORES.length);
    type State = { openAnomalies: { link: string; type: string }[] };
    const state = await api.request<State>("GET", `/v1/locations/${SEEDED_STORES[0].id}/state`);
    assert.ok(state.openAnomalies.length >= 1, "the seeded store has an open anomaly");
    // The link names PUBLIC_BASE_URL; the server here listens on another port.
    const alertLink = new URL(state.openAnomalies[0].link);
    const link = `${server.baseUrl}${alertLink.pathname}${alertLink.search}`;

    step("rendering pages in Chromium");
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    await checkLocationPage(browser, server, link);
    await checkRejectedLinks(browser, server, link);
    await checkOverview(browser, server);
    step(`passed; screenshots in ${SCREENSHOT_DIR}`);
  } finally {
    await browser?.close();
    await server?.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`render-pages: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
