import type { Context } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../api/context";
import { sendPage, siteHeader } from "./layout";

const TITLES: Record<401 | 403 | 404 | 500, string> = {
  401: "Sign-in needed",
  403: "Not allowed",
  404: "Not found",
  500: "Something went wrong",
};

/**
 * Builds the admin sign-in form. It posts to the session route, which
 * returns to `next`, the page the admin asked for.
 */
function signInForm(next: string) {
  return html`<form class="sign-in" method="post" action="/pages/session">
  <input type="hidden" name="next" value="${next}">
  <label for="admin-token">Admin token</label>
  <input id="admin-token" name="token" type="password" autocomplete="off" required>
  <button type="submit">Sign in</button>
</form>`;
}

/**
 * Sends a plain page for a refused or failed request: what went wrong in a
 * sentence, and for 401 the admin sign-in form.
 */
export function sendErrorPage(
  c: Context<AppEnv>,
  status: 401 | 403 | 404 | 500,
  message: string,
): Promise<Response> {
  const next = new URL(c.req.url).pathname;
  const body = html`${siteHeader()}
<main class="narrow" data-error="${status}">
  <h1>${TITLES[status]}</h1>
  <p>${message}</p>
  ${status === 401 ? signInForm(next) : ""}
</main>`;
  return sendPage(c, { title: TITLES[status], body }, status);
}
