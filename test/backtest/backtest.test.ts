import { describe, expect, it } from "vitest";
import { BacktestInputError, parseBacktestCsv, runBacktest } from "../../src/detection/backtest";
import { Random } from "../../src/simulation";
import { formatLocal, hourBucketStart, dayStart, TIME } from "../../src/time/zone";

const ZONE = "Europe/Berlin";

/** Hourly CSV of one store, 09:00-20:00, with an outage on one afternoon. */
function hourlyCsv(days: number, outageDay: number | null, withLocation = false): string {
  const random = new Random(7);
  const lines = [withLocation ? "location,timestamp,value,open" : "timestamp,value,open"];
  const start = dayStart(ZONE, "2024-01-01");
  for (let t = start; t < start + days * TIME.DAY_MS; t = hourBucketStart(ZONE, t + TIME.HOUR_MS)) {
    const local = formatLocal(ZONE, t).slice(0, 19).replace("T", " ");
    const hour = Number(local.slice(11, 13));
    const open = hour >= 9 && hour < 20;
    const day = Math.floor((t - start) / TIME.DAY_MS);
    const outage = day === outageDay && hour >= 13 && hour < 18;
    const value = open && !outage ? random.poisson(40) : 0;
    lines.push(`${withLocation ? "shop-1," : ""}${local},${value},${open ? 1 : 0}`);
  }
  return lines.join("\n") + "\n";
}

describe("backtest command core", () => {
  it("writes one row per input row with the required columns", () => {
    const { csv, summary } = runBacktest(hourlyCsv(45, null), { timeZone: ZONE, kind: "count" });
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("timestamp,value,expected,lower,upper,anomaly_score,is_anomaly");
    expect(lines).toHaveLength(summary.rows + 1);
    expect(summary.rows).toBe(45 * 24);
  });

  it("flags an afternoon outage and nothing else", () => {
    const { csv, summary } = runBacktest(hourlyCsv(50, 40, true), { timeZone: ZONE, kind: "count" });
    const rows = csv.trim().split("\n").slice(1).map((l) => l.split(","));
    expect(rows[0][0]).toBe("shop-1");
    const flagged = rows.filter((r) => r[7] === "1");
    expect(summary.anomalies).toBe(1);
    expect(flagged[0][1]).toBe("2024-02-10 13:00:00");
    for (const r of rows) {
      const score = Number(r[6]);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it("never flags known-closed rows", () => {
    const { csv } = runBacktest(hourlyCsv(50, 40), { timeZone: ZONE, kind: "count" });
    const rows = csv.trim().split("\n").slice(1).map((l) => l.split(","));
    const closedFlagged = rows.filter((r) => Number(r[0].slice(11, 13)) < 9 && (r[5] !== "0.000" || r[6] !== "0"));
    expect(closedFlagged).toHaveLength(0);
  });

  it("reads the repeated autumn hour as two buckets", () => {
    const text = "timestamp,value\n2024-10-27 01:00:00,1\n2024-10-27 02:00:00,2\n2024-10-27 02:00:00,3\n2024-10-27 03:00:00,4\n";
    const parsed = parseBacktestCsv(text, ZONE);
    const starts = parsed.rows.map((r) => r.point.startMs);
    expect(starts[2] - starts[1]).toBe(TIME.HOUR_MS);
    expect(starts[3] - starts[2]).toBe(TIME.HOUR_MS);
  });

  it("rejects a time skipped by the spring change", () => {
    const text = "timestamp,value\n2024-03-31 02:00:00,1\n";
    expect(() => parseBacktestCsv(text, ZONE)).toThrow(/line 2, column timestamp: .*does not exist/);
  });

  it("names the line and column of a malformed value", () => {
    const text = "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 01:00:00,abc\n";
    try {
      parseBacktestCsv(text, ZONE);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BacktestInputError);
      expect((error as BacktestInputError).line).toBe(3);
      expect((error as BacktestInputError).column).toBe("value");
    }
  });

  it("takes whole counts and decimal amounts", () => {
    const text = "timestamp,value\n2024-01-01 00:00:00,1.5\n";
    expect(() => parseBacktestCsv(text, ZONE)).toThrow(/line 2, column value: invalid count "1.5"/);
    expect(() => parseBacktestCsv("timestamp,value\n2024-01-01 00:00:00,1e3\n", ZONE, "count")).toThrow(/whole number/);
    expect(parseBacktestCsv(text, ZONE, "amount").rows[0].point.value).toBe(1.5);
  });

  it("rejects rows out of order and mixed grains", () => {
    expect(() => parseBacktestCsv("timestamp,value\n2024-01-02,1\n2024-01-01,1\n", ZONE)).toThrow(/line 3.*not after/);
    expect(() => parseBacktestCsv("timestamp,value\n2024-01-01,1\n2024-01-02 00:00:00,1\n", ZONE)).toThrow(/one grain/);
  });

  it("reads daily rows with event columns", () => {
    const parsed = parseBacktestCsv("timestamp,value,open,promo\n2024-01-01,10,1,1\n2024-01-02,0,0,0\n", ZONE);
    expect(parsed.grain).toBe("day");
    expect(parsed.rows[0].point.events).toEqual({ promo: 1 });
    expect(parsed.rows[1].point.open).toBe(false);
  });
});
