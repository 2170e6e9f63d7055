/**
 * Normal trading of a simulated store as event times: each open hour draws
 * its rate from the store's true rate and overdispersion, then sales arrive
 * minute by minute as a Poisson process at that rate.
 */
import { hourTruth, Random, type StoreSpec } from "../../src/simulation";
import { hourBucketStart, TIME } from "../../src/time/zone";

/** One simulated hour, as the product would store its bucket. */
export interface TradingHour {
  startMs: number;
  sales: number;
  /** Open in truth: trading, whatever the declared hours state. */
  open: boolean;
  /** True expected transactions of the hour, without the day shock. */
  expected: number;
  events?: Record<string, 0 | 1>;
}

/** Sales of [fromMs, toMs): sorted event times and hourly totals. */
export interface Trading {
  saleMs: Float64Array;
  hours: TradingHour[];
}

/**
 * Draws the hour's rate: the generator's negative binomial counts are a
 * Poisson process whose rate is gamma distributed with mean `rate`.
 */
function hourRate(random: Random, rate: number, alpha: number): number {
  if (alpha <= 0) return rate;
  return rate * alpha * random.gamma(1 / alpha);
}

/** Appends `count` sale times inside the minute at `minuteMs`, in order. */
function pushMinute(sales: number[], minuteMs: number, count: number, random: Random): void {
  if (count === 0) return;
  const offsets = Array.from({ length: count }, () => random.next() * TIME.MINUTE_MS);
  offsets.sort((a, b) => a - b);
  for (const offset of offsets) sales.push(minuteMs + offset);
}

/** Simulates the sales of `spec` over [fromMs, toMs) with no incident. */
export function simulateTrading(
  spec: StoreSpec,
  fromMs: number,
  toMs: number,
  seed: number,
): Trading {
  const random = new Random(seed);
  const clean = { ...spec, incidents: [] };
  const sales: number[] = [];
  const hours: TradingHour[] = [];
  const tz = spec.timeZone;
  for (let t = hourBucketStart(tz, fromMs); t < toMs; t = hourBucketStart(tz, t + TIME.HOUR_MS)) {
    const truth = hourTruth(clean, t);
    const before = sales.length;
    if (truth.open) {
      const perMinute = hourRate(random, truth.rate, spec.alpha) / 60;
      for (let m = t; m < t + TIME.HOUR_MS; m += TIME.MINUTE_MS) {
        pushMinute(sales, m, random.poisson(perMinute), random);
      }
    }
    hours.push({
      startMs: t,
      sales: sales.length - before,
      open: truth.open,
      expected: truth.expected,
      ...(truth.events ? { events: truth.events } : {}),
    });
  }
  return { saleMs: Float64Array.from(sales), hours };
}
