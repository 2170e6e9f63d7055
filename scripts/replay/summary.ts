/** Counts over a whole replay, from the episodes and the data. Pure. */
import {
  dipOpenOn,
  episodesOf,
  findClosures,
  hasHalfYearGap,
  AFTER_GAP_DAYS,
  DAY_CONTEXTS,
  REFURBISHMENT_MIN_DAYS,
  REOPENING_DAYS,
  type Closure,
  type DayContext,
  type Episode,
  type ReplayedDay,
} from "./findings";
import { addDays, weekdayOf } from "../../src/time/zone";
import type { Store } from "./rossmann";

/** One store's replay: the data and what the replay endpoint returned. */
export interface StoreReplay {
  store: Store;
  days: ReplayedDay[];
}

/** A refurbishment in the replay window and the flags after it. */
export interface Refurbishment extends Closure {
  reopeningDaySales: number | null;
  flagsAfter: Pick<Episode, "type" | "opened" | "severity">[];
}

/** Episodes opened per 1,000 open store-days with and without a flag. */
export interface FlagRate {
  event: string;
  withDays: number;
  withRate: number;
  withoutDays: number;
  withoutRate: number;
}

/** Everything the report shows about what the replay found. */
export interface Findings {
  from: string;
  to: string;
  stores: number;
  storeDays: number;
  openDays: number;
  storeWeeks: number;
  episodes: Episode[];
  byType: Record<string, number>;
  bySeverity: Record<string, number>;
  byContext: Record<DayContext, Record<string, number>>;
  storesWithAnomalies: number;
  zeroSalesDays: { store: number; date: string; flagged: boolean }[];
  closedDays: { total: number; sundays: number; otherDays: number; withAnomalyOpen: number };
  refurbishments: Refurbishment[];
  gap: { stores: number; episodesEarly: number; otherStores: number; otherEpisodesEarly: number };
  rates: FlagRate[];
}

function count<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function refurbishmentsOf(replay: StoreReplay, episodes: Episode[], from: string): Refurbishment[] {
  const closures = findClosures(replay.store, REFURBISHMENT_MIN_DAYS).filter(
    (c) => c.to >= from && (c.reopened === null || c.reopened >= from),
  );
  return closures.map((closure) => {
    const reopening = replay.store.days.find((d) => d.date === closure.reopened);
    const end = closure.reopened === null ? "" : addDays(closure.reopened, REOPENING_DAYS);
    const flagsAfter = episodes
      .filter((e) => closure.reopened !== null && e.opened >= closure.reopened && e.opened < end)
      .map(({ type, opened, severity }) => ({ type, opened, severity }));
    return { ...closure, reopeningDaySales: reopening?.sales ?? null, flagsAfter };
  });
}

function rateOf(replays: StoreReplay[], episodes: Episode[], event: string, has: (d: Store["days"][number]) => boolean): FlagRate {
  const opened = new Set(episodes.map((e) => `${e.store}:${e.opened}`));
  const tally = { with: [0, 0], without: [0, 0] };
  for (const { store, days } of replays) {
    const byDate = new Map(store.days.map((d) => [d.date, d]));
    for (const replayed of days) {
      const day = byDate.get(replayed.date);
      if (!day?.open || day.sales === 0) continue;
      const side = has(day) ? tally.with : tally.without;
      side[0] += 1;
      if (opened.has(`${store.number}:${day.date}`)) side[1] += 1;
    }
  }
  const per1000 = ([days, hits]: number[]) => (days > 0 ? (1000 * hits) / days : 0);
  return {
    event,
    withDays: tally.with[0],
    withRate: per1000(tally.with),
    withoutDays: tally.without[0],
    withoutRate: per1000(tally.without),
  };
}

/** Works out the findings of a replay that started at `from`. */
export function summarize(replays: StoreReplay[], from: string): Findings {
  const episodes = replays.flatMap((r) => episodesOf(r.store, r.days, from));
  const byContext = Object.fromEntries(DAY_CONTEXTS.map((c) => [c, {}])) as Findings["byContext"];
  for (const e of episodes) byContext[e.context][e.type] = (byContext[e.context][e.type] ?? 0) + 1;

  const replayedDays = replays.flatMap(({ store, days }) => {
    const byDate = new Map(store.days.map((d) => [d.date, d]));
    return days.map((r) => ({ store: store.number, replayed: r, day: byDate.get(r.date)! }));
  });
  const closed = replayedDays.filter((d) => !d.day.open);
  const sundays = closed.filter((d) => weekdayOf(d.day.date) === 6).length;
  const zeroSalesDays = replayedDays
    .filter((d) => d.day.open && d.day.sales === 0)
    .map((d) => ({ store: d.store, date: d.day.date, flagged: dipOpenOn([d.replayed], d.day.date) }));

  const earlyEnd = addDays(from, AFTER_GAP_DAYS);
  const gapStores = new Set(replays.filter((r) => hasHalfYearGap(r.store)).map((r) => r.store.number));
  const early = episodes.filter((e) => e.opened < earlyEnd);
  const dates = replayedDays.map((d) => d.day.date).sort();
  return {
    from,
    to: dates.at(-1) ?? from,
    stores: replays.length,
    storeDays: replayedDays.length,
    openDays: replayedDays.length - closed.length,
    storeWeeks: replayedDays.length / 7,
    episodes,
    byType: count(episodes, (e) => e.type),
    bySeverity: count(episodes, (e) => e.severity),
    byContext,
    storesWithAnomalies: new Set(episodes.map((e) => e.store)).size,
    zeroSalesDays,
    closedDays: {
      total: closed.length,
      sundays,
      otherDays: closed.length - sundays,
      withAnomalyOpen: closed.filter((d) => d.replayed.open.length > 0).length,
    },
    refurbishments: replays.flatMap((r) =>
      refurbishmentsOf(r, episodes.filter((e) => e.store === r.store.number), from),
    ),
    gap: {
      stores: gapStores.size,
      episodesEarly: early.filter((e) => gapStores.has(e.store)).length,
      otherStores: replays.length - gapStores.size,
      otherEpisodesEarly: early.filter((e) => !gapStores.has(e.store)).length,
    },
    rates: [
      rateOf(replays, episodes, "promo", (d) => d.promo),
      rateOf(replays, episodes, "school_holiday", (d) => d.schoolHoliday),
      rateOf(replays, episodes, "state_holiday", (d) => d.stateHoliday !== "0"),
    ],
  };
}
