import uplotCss from "uplot/dist/uPlot.min.css?raw";
import uplotJs from "uplot/dist/uPlot.iife.min.js?raw";
import locationChartJs from "./static/location-chart.js?raw";
import { PAGES_CSS } from "./static/pages-css";
import refreshJs from "./static/refresh.js?raw";

/** A file the pages load from this Worker, never from another host. */
export interface PageAsset {
  contentType: string;
  body: string;
}

// NOTE: Vitest replaces CSS imports with an empty string, so in tests
// uplot.css is served empty; under wrangler it contains uPlot's stylesheet.
const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/** Assets by the name they are served under, below /assets/. */
export const PAGE_ASSETS: Record<string, PageAsset> = {
  "uplot.js": { contentType: JS, body: uplotJs },
  "uplot.css": { contentType: CSS, body: uplotCss },
  "pages.css": { contentType: CSS, body: PAGES_CSS },
  "refresh.js": { contentType: JS, body: refreshJs },
  "location-chart.js": { contentType: JS, body: locationChartJs },
};

/**
 * Browsers may reuse an asset for this long, in seconds. The names carry
 * no version, so it stays short enough for a deploy to show within minutes.
 */
export const ASSET_MAX_AGE_SECONDS = 300;
