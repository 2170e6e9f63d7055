import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../api/context";

/** Markup built with hono's `html` tag, which escapes every value. */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * Headers of every page. The policy lets a page load only this Worker's own
 * scripts, styles and data. No-referrer keeps a link token in the address
 * bar from leaking to other sites, and no-store keeps it out of caches.
 */
const PAGE_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; " +
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; " +
    "base-uri 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/** Parts of one page that the shared layout wraps. */
export interface PageParts {
  title: string;
  body: Markup;
  /** Asset names under /assets/ to load as scripts, in order. */
  scripts?: string[];
}

/** Wraps a page's body in the shared document: head, styles, scripts. */
export function renderDocument(parts: PageParts): Markup {
  const scripts = (parts.scripts ?? []).map(
    (name) => html`<script src="/assets/${name}" defer></script>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${parts.title} · sitewatch</title>
<link rel="stylesheet" href="/assets/uplot.css">
<link rel="stylesheet" href="/assets/pages.css">
${scripts}
</head>
<body>
${parts.body}
</body>
</html>`;
}

/** Sends a page with the security headers and `status`. */
export async function sendPage(
  c: Context<AppEnv>,
  parts: PageParts,
  status: 200 | 401 | 403 | 404 | 500 = 200,
): Promise<Response> {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
  return c.html(await renderDocument(parts), status);
}

/** Returns markup for the site header bar shared by every page. */
export function siteHeader(right: Markup | string = ""): Markup {
  return html`<header class="bar">
  <a class="brand" href="/">sitewatch</a>
  <span class="bar-right">${right}</span>
</header>`;
}

/** Marks trusted, already-escaped markup for interpolation. */
export { raw };
