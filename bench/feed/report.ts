/** Tables of the feed benchmark, per archetype and by expected rate. */
import type { FalseAlert, OutageTrial, StoreFeedResult } from "./store";

/** Expected transactions per hour at the outage start, lower bounds. */
const RATE_BANDS = [0, 6, 20, 60, 150] as const;

/** Returns the q-quantile of detection delays. A miss counts as infinite. */
function quantileMs(delays: (number | null)[], q: number): number {
  const sorted = delays.map((d) => d ?? Infinity).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function minutes(ms: number, capHours: number): string {
  if (Number.isNaN(ms)) return "-";
  if (!Number.isFinite(ms)) return `> ${capHours} h`;
  return (ms / 60_000).toFixed(1);
}

function delays(outages: OutageTrial[], pick: (o: OutageTrial) => number | null, capHours: number): string {
  const values = outages.map(pick);
  return `${minutes(quantileMs(values, 0.5), capHours)} / ${minutes(quantileMs(values, 0.9), capHours)}`;
}

function share(outages: OutageTrial[], pick: (o: OutageTrial) => number | null): string {
  if (outages.length === 0) return "-";
  const caught = outages.filter((o) => pick(o) !== null).length;
  return `${Math.round((100 * caught) / outages.length)}%`;
}

const model = (o: OutageTrial) => o.modelMs;
const baseline = (o: OutageTrial) => o.baselineMs;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Counts alerts raised while the store was closed, declared or not. */
function closedCounts(modelAlerts: FalseAlert[], baselineAlerts: FalseAlert[], declared: boolean): string {
  const count = (alerts: FalseAlert[]) =>
    alerts.filter((a) => a.closed && a.declaredClosed === declared).length;
  return `${count(modelAlerts)} / ${count(baselineAlerts)}`;
}

/** Renders the per-archetype table, with a row for the whole fleet. */
export function archetypeTable(results: StoreFeedResult[], capHours: number): string {
  const lines = [
    "| archetype | stores | store-weeks | outages | detect, model: median / p90 (min) | detect, baseline: median / p90 (min) | " +
      `caught within ${capHours} h: model / baseline | false alerts / store-week: model / baseline | ` +
      "false alerts while closed as declared: model / baseline | " +
      "false alerts while closed, undeclared: model / baseline |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const groups = [...groupBy(results, (r) => r.archetype), ["all", results] as const];
  for (const [name, stores] of groups) {
    const outages = stores.flatMap((s) => s.outages);
    const weeks = stores.reduce((sum, s) => sum + s.storeWeeks, 0);
    const modelAlerts = stores.flatMap((s) => s.modelAlerts);
    const baselineAlerts = stores.flatMap((s) => s.baselineAlerts);
    lines.push(
      `| ${name} | ${stores.length} | ${weeks} | ${outages.length} | ${delays(outages, model, capHours)} | ` +
        `${delays(outages, baseline, capHours)} | ${share(outages, model)} / ${share(outages, baseline)} | ` +
        `${(modelAlerts.length / weeks).toFixed(2)} / ${(baselineAlerts.length / weeks).toFixed(2)} | ` +
        `${closedCounts(modelAlerts, baselineAlerts, true)} | ${closedCounts(modelAlerts, baselineAlerts, false)} |`,
    );
  }
  return lines.join("\n");
}

function bandOf(expectedPerHour: number): string {
  const index = RATE_BANDS.findLastIndex((low) => expectedPerHour >= low);
  const high = RATE_BANDS[index + 1];
  return high === undefined ? `${RATE_BANDS[index]}+` : `${RATE_BANDS[index]} to ${high}`;
}

/** Renders detection delays by the expected rate of the hour the feed was cut. */
export function rateTable(results: StoreFeedResult[], capHours: number): string {
  const lines = [
    "| expected transactions / hour | outages | detect, model: median / p90 (min) | model within 15 min | " +
      "detect, baseline: median / p90 (min) | median ratio baseline / model |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  const outages = results.flatMap((r) => r.outages);
  const bands = groupBy(outages, (o) => bandOf(o.expectedPerHour));
  for (const low of RATE_BANDS) {
    const band = [...bands].find(([name]) => name.startsWith(`${low} `) || name === `${low}+`);
    if (!band) continue;
    const [name, trials] = band;
    const within = trials.filter((o) => o.modelMs !== null && o.modelMs <= 15 * 60_000).length;
    const ratio = quantileMs(trials.map(baseline), 0.5) / quantileMs(trials.map(model), 0.5);
    lines.push(
      `| ${name} | ${trials.length} | ${delays(trials, model, capHours)} | ${Math.round((100 * within) / trials.length)}% | ` +
        `${delays(trials, baseline, capHours)} | ${ratio > 0 && Number.isFinite(ratio) ? ratio.toPrecision(2) + "x" : "-"} |`,
    );
  }
  return lines.join("\n");
}
