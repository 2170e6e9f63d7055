import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, location, register } from "../helpers";
import { page } from "./helpers";

function signIn(token: string, next: string) {
  return exports.default.fetch("http://sitewatch.test/pages/session", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token, next }).toString(),
    redirect: "manual",
  });
}

describe("admin sign-in", () => {
  it("sets a session cookie that opens every page", async () => {
    await register(location("ps-any"));
    const response = await signIn(ADMIN, "/locations/ps-any");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/locations/ps-any");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(ADMIN);
    const session = cookie.split(";")[0];
    expect((await page("/", { cookie: session })).status).toBe(200);
    expect((await page("/locations/ps-any", { cookie: session })).status).toBe(200);
  });

  it("rejects a wrong admin token", async () => {
    const response = await signIn("wrong", "/");
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("returns only to paths on this site", async () => {
    const response = await signIn(ADMIN, "//evil.example/");
    expect(response.headers.get("location")).toBe("/");
  });

  it("does not take a location link as a session", async () => {
    const forged = "sitewatch_session=v1.bG9jYXRpb246eA.9999999999.AAAA";
    expect((await page("/", { cookie: forged })).status).toBe(401);
  });
});
