import { describe, expect, it } from "vitest";
import { api, location, register, sale } from "../helpers";

describe("ingest tokens", () => {
  it("token scoped to one location cannot post for another", async () => {
    await register(location("tok-a"), location("tok-b"));
    const created = await api("/v1/tokens", { body: { label: "till A", locationIds: ["tok-a"] } });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^swi_[0-9a-f]{16}\./);

    const own = await api("/v1/events", { body: { events: [sale("tok-a", Date.now())] }, token });
    expect(own.status).toBe(200);

    const foreign = await api("/v1/events", { body: { events: [sale("tok-b", Date.now())] }, token });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toContain("tok-b");
  });

  it("ingest token cannot call admin endpoints", async () => {
    const created = await api("/v1/tokens", { body: {} });
    const result = await api("/v1/locations", { token: created.body.token });
    expect(result.status).toBe(403);
  });

  it("revoked token is rejected", async () => {
    await register(location("tok-c"));
    const created = await api("/v1/tokens", { body: { locationIds: ["tok-c"] } });
    const revoke = await api(`/v1/tokens/${created.body.id}`, { method: "DELETE" });
    expect(revoke.status).toBe(204);
    const result = await api("/v1/events", {
      body: { events: [sale("tok-c", Date.now())] },
      token: created.body.token,
    });
    expect(result.status).toBe(401);
  });

  it("wrong secret with a real id is rejected", async () => {
    const created = await api("/v1/tokens", { body: {} });
    const forged = `${created.body.token.slice(0, 21)}${"A".repeat(43)}`;
    const result = await api("/v1/events", { body: { events: [] }, token: forged });
    expect(result.status).toBe(401);
  });

  it("unknown token id is rejected", async () => {
    const result = await api("/v1/events", {
      body: { events: [] },
      token: `swi_0123456789abcdef.${"b".repeat(43)}`,
    });
    expect(result.status).toBe(401);
  });
});
