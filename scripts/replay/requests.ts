import type { LocationRequest } from "../lib/api-client";
import type { Store, StoreDay } from "./rossmann";

/** Location id of a Rossmann store number. */
export function storeId(number: number): string {
  return `rossmann-${number}`;
}

/**
 * Describes a store as a registration. The export has no state, so the
 * store gets Germany's national holidays only, and the state holidays
 * reach the model as the `state_holiday` event of each daily row.
 */
export function toLocation(store: Store): LocationRequest {
  const tags = ["rossmann"];
  if (store.storeType) tags.push(`type-${store.storeType}`);
  if (store.assortment) tags.push(`assortment-${store.assortment}`);
  return {
    id: storeId(store.number),
    name: `Rossmann ${store.number}`,
    timezone: "Europe/Berlin",
    country: "DE",
    region: "de",
    currency: "EUR",
    tags,
  };
}

/** Converts a store-day to a daily row: sales in euros, customers as transactions. */
export function toDailyRow(day: StoreDay) {
  return {
    date: day.date,
    sales: day.sales.toFixed(2),
    transactions: day.customers,
    open: day.open,
    events: {
      promo: day.promo ? 1 : 0,
      state_holiday: day.stateHoliday === "0" ? 0 : 1,
      school_holiday: day.schoolHoliday ? 1 : 0,
    },
  } as const;
}
