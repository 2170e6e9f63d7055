import { describe, expect, it } from "vitest";
import { ADMIN, location, register } from "../helpers";
import { DAY_MS, linkToken, page } from "./helpers";

const SERIES = "metric=transactions&days=1";

describe("location page access", () => {
  it("refuses a request without a token", async () => {
    await register(location("pa-none"));
    const result = await page("/locations/pa-none");
    expect(result.status).toBe(401);
    expect(result.headers.get("content-type")).toMatch(/text\/html/);
    expect(result.text).toContain("Sign-in needed");
    expect(result.text).not.toContain("Store pa-none");
  });

  it("refuses an expired token", async () => {
    await register(location("pa-expired"));
    const token = await linkToken("pa-expired", -1);
    const result = await page(`/locations/pa-expired?token=${token}`);
    expect(result.status).toBe(401);
    expect(result.text).toContain("expired");
  });

  it("refuses a token for another location", async () => {
    await register(location("pa-mine"), location("pa-theirs"));
    const token = await linkToken("pa-theirs");
    const result = await page(`/locations/pa-mine?token=${token}`);
    expect(result.status).toBe(403);
    expect(result.text).not.toContain("Store pa-mine");
  });

  it("refuses a tampered token", async () => {
    await register(location("pa-tamper"));
    const token = await linkToken("pa-tamper");
    const tampered = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}A`;
    const result = await page(`/locations/pa-tamper?token=${tampered}`);
    expect(result.status).toBe(401);
  });

  it("refuses a non-admin bearer token", async () => {
    await register(location("pa-bearer"));
    const result = await page("/locations/pa-bearer", { authorization: "Bearer nope" });
    expect(result.status).toBe(401);
  });

  it("serves the page for a valid token", async () => {
    await register(location("pa-ok", { name: "Harbour Street", region: "uk-south" }));
    const token = await linkToken("pa-ok");
    const result = await page(`/locations/pa-ok?token=${token}`);
    expect(result.status).toBe(200);
    expect(result.text).toContain("Harbour Street");
    expect(result.text).toContain("uk-south");
    expect(result.text).toContain('id="chart"');
    expect(result.text).toContain("Feed health");
    expect(result.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(result.headers.get("referrer-policy")).toBe("no-referrer");
    expect(result.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps the token on the chart data URL", async () => {
    await register(location("pa-url"));
    const token = await linkToken("pa-url");
    const result = await page(`/locations/pa-url?token=${token}&metric=sales&days=28`);
    const url = /data-series-url="([^"]+)"/.exec(result.text)?.[1].replaceAll("&amp;", "&") ?? "";
    const query = new URL(url, "http://x").searchParams;
    expect(query.get("token")).toBe(token);
    expect(query.get("metric")).toBe("sales");
    expect(query.get("days")).toBe("28");
  });

  it("serves the page for the admin", async () => {
    await register(location("pa-admin"));
    const result = await page("/locations/pa-admin", { authorization: `Bearer ${ADMIN}` });
    expect(result.status).toBe(200);
    expect(result.text).toContain("Store pa-admin");
  });

  it("returns 404 for an unknown location", async () => {
    const token = await linkToken("pa-missing");
    const result = await page(`/locations/pa-missing?token=${token}`);
    expect(result.status).toBe(404);
  });
});

describe("chart data access", () => {
  it("returns series for a valid token", async () => {
    await register(location("pd-ok"));
    const token = await linkToken("pd-ok");
    const result = await page(`/pages/api/locations/pd-ok/series?${SERIES}&token=${token}`);
    expect(result.status).toBe(200);
    const body = JSON.parse(result.text);
    expect(body.metric).toBe("transactions");
    expect(body.points).toHaveLength(24);
    expect(body.anomalies).toEqual([]);
  });

  it("refuses an expired token", async () => {
    await register(location("pd-expired"));
    const token = await linkToken("pd-expired", -DAY_MS);
    const result = await page(`/pages/api/locations/pd-expired/series?${SERIES}&token=${token}`);
    expect(result.status).toBe(401);
    expect(JSON.parse(result.text).error.code).toBe("unauthorized");
  });

  it("refuses a token for another location", async () => {
    await register(location("pd-mine"), location("pd-theirs"));
    const token = await linkToken("pd-theirs");
    const result = await page(`/pages/api/locations/pd-mine/series?${SERIES}&token=${token}`);
    expect(result.status).toBe(403);
  });

  it("refuses a request without a token", async () => {
    await register(location("pd-none"));
    const result = await page(`/pages/api/locations/pd-none/series?${SERIES}`);
    expect(result.status).toBe(401);
  });

  it("is not opened by a link token on /v1", async () => {
    await register(location("pd-v1"));
    const token = await linkToken("pd-v1");
    const result = await page("/v1/locations/pd-v1/state", { authorization: `Bearer ${token}` });
    expect(result.status).toBe(403);
  });
});

describe("overview access", () => {
  it("refuses a request without credentials", async () => {
    const result = await page("/");
    expect(result.status).toBe(401);
    expect(result.text).toContain('action="/pages/session"');
  });

  it("refuses a location link token", async () => {
    await register(location("po-link"));
    const token = await linkToken("po-link");
    const result = await page(`/?token=${token}`);
    expect(result.status).toBe(403);
  });

  it("serves the overview for the admin", async () => {
    const result = await page("/", { authorization: `Bearer ${ADMIN}` });
    expect(result.status).toBe(200);
    expect(result.text).toContain("Fleet overview");
  });

  it("refuses an expired admin session cookie", async () => {
    const session = await linkToken({ kind: "admin" }, -1);
    const result = await page("/", { cookie: `sitewatch_session=${session}` });
    expect(result.status).toBe(401);
  });
});
