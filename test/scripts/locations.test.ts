import { afterEach, describe, expect, it, vi } from "vitest";
import { createFleet } from "../../src/simulation";
import { declaredEventDays, toLocation } from "../../scripts/sim/locations";

const fleet = createFleet({ seed: 5, stores: 12, startDate: "2026-01-01", days: 60 });
const campus = fleet.find((s) => s.archetype === "campus")!;
const NOW = Date.parse("2026-12-05T12:00:00Z");

describe("simulated location registration", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("declares school holidays a month around now", () => {
    const days = declaredEventDays(campus, NOW).map((d) => d.date);
    expect(days[0]).toBe("2026-12-18");
    expect(days.at(-1)).toBe("2027-01-03");
    expect(days).toHaveLength(17);
  });

  it("uses the current time when mapped over a fleet", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    // Array.map passes the index as a second argument, which must not be
    // taken for a time.
    const registered = [campus].map(toLocation)[0];
    expect(registered.eventDays).toEqual(declaredEventDays(campus, NOW));
    expect(registered.eventDays!.length).toBeGreaterThan(0);
  });
});
