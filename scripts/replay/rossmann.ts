/**
 * Reads the Rossmann store-day export: one CSV row per store and day with
 * Store, DayOfWeek, Date, Sales, Customers, Open, Promo, StateHoliday and
 * SchoolHoliday, gzipped. Store attributes come from the store CSV beside it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export const DAILY_FILE = "rossmann_train_daily.csv.gz";
export const STORE_FILE = "rossmann_store.csv";

/** One store-day as the export has it. */
export interface StoreDay {
  date: string;
  sales: number;
  customers: number;
  open: boolean;
  promo: boolean;
  /** "0" none, "a" public holiday, "b" Easter, "c" Christmas. */
  stateHoliday: string;
  schoolHoliday: boolean;
}

/** One store with its days in date order and its attributes. */
export interface Store {
  number: number;
  storeType: string | null;
  assortment: string | null;
  days: StoreDay[];
}

function columnsOf(header: string, names: string[]): number[] {
  const cells = header.split(",").map((cell) => cell.replaceAll('"', ""));
  return names.map((name) => {
    const index = cells.indexOf(name);
    if (index < 0) throw new Error(`column ${name} is missing from the header "${header}"`);
    return index;
  });
}

function readAttributes(folder: string) {
  const attributes = new Map<number, { storeType: string; assortment: string }>();
  const path = join(folder, STORE_FILE);
  if (!existsSync(path)) return attributes;
  const lines = readFileSync(path, "utf8").split("\n");
  const [store, type, assortment] = columnsOf(lines[0], ["Store", "StoreType", "Assortment"]);
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const cells = line.split(",").map((cell) => cell.replaceAll('"', ""));
    attributes.set(Number(cells[store]), { storeType: cells[type], assortment: cells[assortment] });
  }
  return attributes;
}

/**
 * Reads the stores that `keep` accepts, each with its days sorted by date.
 * The file is about 1 million rows, so it is parsed line by line without a
 * CSV library: its cells contain no quotes or commas.
 */
export function readStores(folder: string, keep: (store: number) => boolean): Store[] {
  const text = gunzipSync(readFileSync(join(folder, DAILY_FILE))).toString("utf8");
  const lines = text.split("\n");
  const names = ["Store", "Date", "Sales", "Customers", "Open", "Promo", "StateHoliday", "SchoolHoliday"];
  const [cStore, cDate, cSales, cCustomers, cOpen, cPromo, cState, cSchool] = columnsOf(lines[0], names);
  const attributes = readAttributes(folder);
  const stores = new Map<number, Store>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const cells = lines[i].split(",");
    const number = Number(cells[cStore]);
    if (!keep(number)) continue;
    let store = stores.get(number);
    if (!store) {
      const facts = attributes.get(number);
      store = { number, storeType: facts?.storeType ?? null, assortment: facts?.assortment ?? null, days: [] };
      stores.set(number, store);
    }
    store.days.push({
      date: cells[cDate],
      sales: Number(cells[cSales]),
      customers: Number(cells[cCustomers]),
      open: cells[cOpen] === "1",
      promo: cells[cPromo] === "1",
      stateHoliday: cells[cState],
      schoolHoliday: cells[cSchool] === "1",
    });
  }
  for (const store of stores.values()) store.days.sort((a, b) => a.date.localeCompare(b.date));
  return [...stores.values()].sort((a, b) => a.number - b.number);
}
