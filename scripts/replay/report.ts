/** Renders a replay's findings and run facts as a Markdown report. */
import { cpus, loadavg, totalmem } from "node:os";
import type { Deliveries, RoutedAlerts } from "./deliveries";
import { DAY_CONTEXTS, type DayContext } from "./findings";
import type { Findings } from "./summary";
import type { TrainingFacts } from "./training";

/** Facts of the run besides the findings: inputs, times and deliveries. */
export interface RunFacts {
  data: string;
  /** Commit and uncommitted changes the Worker bundle was built from. */
  code: string;
  historyRows: number;
  training: TrainingFacts;
  /** Training runs between runs of replayed days, with their outcomes. */
  retrains: {
    through: string;
    seconds: number;
    promoted: number;
    rejected: number;
    failedLocations: number;
    firstError: string | null;
  }[];
  phases: { name: string; seconds: number }[];
  deliveries: Deliveries;
  routed: RoutedAlerts;
  /** Notifications and alert lines the local receiver got, per receiver. */
  received: Record<string, { notifications: number; alerts: number }>;
  charts: string[];
  measuredAt: string;
}

const CONTEXT_LABELS: Record<DayContext, string> = {
  closed: "closed day (should never open)",
  zero_sales_open: "open day with zero sales",
  after_refurbishment: `first 14 days after a closure of 5+ days`,
  after_gap: "first 28 days of a store with the half-year hole",
  state_holiday_open: "open on a state holiday",
  near_state_holiday: "within 2 days of a state holiday",
  after_closure: "first open day after a closed weekday",
  ordinary: "none of the above",
};

function table(header: string[], rows: (string | number)[][]): string {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  return lines.join("\n");
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${cpu}, ${cpus().length} cores, ${memory} GiB, Node ${process.version}; load average ${loadavg()[0].toFixed(2)} at the end`;
}

function overview(f: Findings, facts: RunFacts): string {
  const total = facts.phases.reduce((sum, p) => sum + p.seconds, 0);
  const types = Object.entries(f.byType).map(([t, n]) => `${n} ${t}`).join(", ") || "none";
  return [
    `Replayed ${f.stores} stores from ${f.from} to ${f.to}: ${f.storeDays} store-days ` +
      `(${f.openDays} open), after ${facts.historyRows} days of history per the export.`,
    "",
    `Anomaly episodes: ${f.episodes.length} (${types}) at ${f.storesWithAnomalies} stores, ` +
      `${(f.episodes.length / Math.max(1, f.storeWeeks)).toFixed(3)} per store-week.`,
    "",
    table(["phase", "seconds"], [...facts.phases.map((p) => [p.name, p.seconds.toFixed(1)]), ["total", total.toFixed(1)]]),
    "",
    `Machine: ${machine()}. Measured ${facts.measuredAt}. Code: ${facts.code}.`,
  ].join("\n");
}

function training(facts: RunFacts): string {
  const l = facts.training.locations;
  const s = facts.training.series;
  const retrainSeconds = facts.retrains.reduce((sum, r) => sum + r.seconds, 0);
  const promoted = facts.retrains.reduce((sum, r) => sum + r.promoted, 0);
  const rejected = facts.retrains.reduce((sum, r) => sum + r.rejected, 0);
  const failed = facts.retrains.reduce((sum, r) => sum + r.failedLocations, 0);
  const error = facts.retrains.find((r) => r.firstError)?.firstError;
  return `Training run ${facts.training.runId}: ${l.promoted} locations promoted, ` +
    `${l.insufficient} insufficient, ${l.failed} failed; series ${JSON.stringify(s)}. ` +
    `During the replay, ${facts.retrains.length} more training runs took ` +
    `${retrainSeconds.toFixed(1)} s of the replay phase and promoted ${promoted} ` +
    `series candidates and rejected ${rejected}; ${failed} location jobs had failed ` +
    `or were retrying when their run was read` +
    (error ? `, the first with: ${error.replaceAll("\n", " ")}` : "") + ".";
}

function contexts(f: Findings): string {
  const types = [...new Set(f.episodes.map((e) => e.type))].sort();
  const rows = DAY_CONTEXTS.map((c) => [
    CONTEXT_LABELS[c],
    ...types.map((t) => f.byContext[c][t] ?? 0),
    types.reduce((sum, t) => sum + (f.byContext[c][t] ?? 0), 0),
  ]);
  return table(["day the episode opened", ...types, "all"], rows);
}

function irregularities(f: Findings): string {
  const zero = f.zeroSalesDays.map((z) => [z.store, z.date, z.flagged ? "yes" : "no"]);
  const refurbishments = f.refurbishments.map((r) => [
    r.store,
    `${r.from} to ${r.to}`,
    r.days,
    r.reopened ?? "after the data ends",
    r.reopeningDaySales ?? "",
    r.flagsAfter.map((e) => `${e.type} ${e.opened} (${e.severity})`).join(", ") || "none",
  ]);
  const rates = f.rates.map((r) => [r.event, r.withDays, r.withRate.toFixed(2), r.withoutDays, r.withoutRate.toFixed(2)]);
  return [
    "### Open days with zero sales",
    "",
    zero.length > 0 ? table(["store", "date", "sales dip open"], zero) : "None in the replayed days.",
    "",
    "### Closed days",
    "",
    `${f.closedDays.total} closed store-days (${f.closedDays.sundays} Sundays, ` +
      `${f.closedDays.otherDays} other days). Episodes opened on a closed day: ` +
      `${f.byContext.closed.sales_dip ?? 0} dips, ${f.byContext.closed.sales_spike ?? 0} spikes. ` +
      `Closed days during which an episode that opened earlier stayed open: ${f.closedDays.withAnomalyOpen}.`,
    "",
    "### Closures of 5 days or more (refurbishments) in the replay",
    "",
    refurbishments.length > 0
      ? table(["store", "closed", "days", "reopened", "sales on reopening", "episodes opened in the 14 days after"], refurbishments)
      : "None.",
    "",
    "### Stores with the half-year hole in 2014",
    "",
    `${f.gap.stores} stores have no rows from 2014-07-01 to 2014-12-31. Episodes opened in ` +
      `their first 28 replayed days: ${f.gap.episodesEarly} ` +
      `(${(f.gap.episodesEarly / Math.max(1, f.gap.stores)).toFixed(2)} per store), against ` +
      `${f.gap.otherEpisodesEarly} at the other ${f.gap.otherStores} stores ` +
      `(${(f.gap.otherEpisodesEarly / Math.max(1, f.gap.otherStores)).toFixed(2)} per store).`,
    "",
    "### Episodes opened per 1,000 open store-days",
    "",
    table(["event", "days with", "rate with", "days without", "rate without"], rates),
  ].join("\n");
}

function perStore(f: Findings): string {
  const counts = new Map<number, Record<string, number>>();
  for (const e of f.episodes) {
    const entry = counts.get(e.store) ?? {};
    entry[e.type] = (entry[e.type] ?? 0) + 1;
    counts.set(e.store, entry);
  }
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const rows = [...counts]
    .sort((a, b) => total(b[1]) - total(a[1]) || a[0] - b[0])
    .slice(0, 25)
    .map(([store, c]) => [store, c.sales_dip ?? 0, c.sales_spike ?? 0, total(c)]);
  const histogram = new Map<number, number>();
  for (let i = 0; i < f.stores - counts.size; i++) histogram.set(0, (histogram.get(0) ?? 0) + 1);
  for (const c of counts.values()) histogram.set(total(c), (histogram.get(total(c)) ?? 0) + 1);
  const spread = [...histogram].sort((a, b) => a[0] - b[0]).map(([n, stores]) => [n, stores]);
  return [
    table(["episodes per store", "stores"], spread),
    "",
    "Stores with the most episodes (all stores are in the JSON report):",
    "",
    table(["store", "sales_dip", "sales_spike", "all"], rows),
  ].join("\n");
}

function deliveries(facts: RunFacts): string {
  const r = facts.routed;
  const routedLine =
    `The router recorded ${r.alerts} alerts (${JSON.stringify(r.byStatus)}), one per episode, ` +
    `routed to ${Object.entries(r.byReceiver).map(([name, n]) => `${name} ${n}`).join(", ") || "no receiver"}; ` +
    `${r.inhibited} inhibited, ${r.silenced} silenced.`;
  const log = Object.entries(facts.deliveries.byReceiver).map(([receiver, entry]) => [
    receiver,
    Object.entries(entry.byStatus).map(([s, n]) => `${n} ${s}`).join(", "),
    entry.firing,
    entry.resolved,
    facts.received[receiver]?.notifications ?? 0,
  ]);
  const header = ["receiver", "notifications (log)", "firing alerts in them", "resolved alerts in them", "received by the local receiver"];
  return [routedLine, "", log.length > 0 ? table(header, log) : "No notification was sent."].join("\n");
}

/** Renders the whole report. */
export function renderReport(findings: Findings, facts: RunFacts): string {
  return [
    "# Replay of real store-days",
    "",
    overview(findings, facts),
    "",
    training(facts),
    "",
    "## Episodes by the day they opened on",
    "",
    contexts(findings),
    "",
    "## Natural irregularities",
    "",
    irregularities(findings),
    "",
    "## Per store",
    "",
    perStore(findings),
    "",
    "## Alerts delivered",
    "",
    deliveries(facts),
    "",
    facts.charts.length > 0 ? `Charts: ${facts.charts.join(", ")}` : "",
  ].join("\n");
}
