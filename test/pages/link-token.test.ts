import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signLinkToken, verifyLinkToken } from "../../src/auth/link-token";
import { signedLocationLink } from "../../src/auth/location-link";
import { DAY_MS } from "./helpers";

const NOW = Date.parse("2026-11-03T14:10:00Z");
const scope = { kind: "location", locationId: "st.1:a" } as const;

describe("link tokens", () => {
  it("verifies its own token with scope and expiry", async () => {
    const token = await signLinkToken(env.SECRETS_KEY, scope, NOW + DAY_MS);
    const check = await verifyLinkToken(env.SECRETS_KEY, token, NOW);
    expect(check).toEqual({ ok: true, token: { scope, expiresMs: NOW + DAY_MS } });
  });

  it("is URL-safe", async () => {
    const token = await signLinkToken(env.SECRETS_KEY, scope, NOW + DAY_MS);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it("rejects a token at its expiry", async () => {
    const token = await signLinkToken(env.SECRETS_KEY, scope, NOW);
    const check = await verifyLinkToken(env.SECRETS_KEY, token, NOW);
    expect(check).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects a changed scope or expiry", async () => {
    const token = await signLinkToken(env.SECRETS_KEY, scope, NOW + DAY_MS);
    const [version, , expires, tag] = token.split(".");
    const otherScope = btoa("location:other").replace(/=+$/, "");
    const forged = [version, otherScope, expires, tag].join(".");
    const later = [version, token.split(".")[1], String(Number(expires) + 86_400), tag].join(".");
    expect(await verifyLinkToken(env.SECRETS_KEY, forged, NOW)).toEqual({ ok: false, reason: "invalid_signature" });
    expect(await verifyLinkToken(env.SECRETS_KEY, later, NOW)).toEqual({ ok: false, reason: "invalid_signature" });
  });

  it("rejects a token signed with another key", async () => {
    const otherKey = btoa("another-secrets-key-of-32-bytes!");
    const token = await signLinkToken(otherKey, scope, NOW + DAY_MS);
    const check = await verifyLinkToken(env.SECRETS_KEY, token, NOW);
    expect(check).toEqual({ ok: false, reason: "invalid_signature" });
  });

  it("rejects malformed tokens", async () => {
    for (const token of ["", "v1", "v2.a.1.b", "v1.a.b.c", "v1.a.1.!!", "v1.a.1.abc"]) {
      const check = await verifyLinkToken(env.SECRETS_KEY, token, NOW);
      expect(check, token).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("builds a signed location link valid for 7 days", async () => {
    const link = await signedLocationLink("https://sw.example", "st.1:a", env.SECRETS_KEY, NOW);
    const url = new URL(link);
    expect(url.pathname).toBe("/locations/st.1%3Aa");
    const check = await verifyLinkToken(env.SECRETS_KEY, url.searchParams.get("token") ?? "", NOW);
    expect(check).toEqual({ ok: true, token: { scope, expiresMs: NOW + 7 * DAY_MS } });
  });

  it("falls back to an unsigned link with a bad key", async () => {
    const link = await signedLocationLink("https://sw.example", "s1", "not base64!", NOW);
    expect(link).toBe("https://sw.example/locations/s1");
  });
});
