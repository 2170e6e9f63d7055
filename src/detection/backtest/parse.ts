/**
 * Parses a backtest CSV: `timestamp,value` or `location,timestamp,value`,
 * optional `open` and 0/1 event columns, local wall-clock timestamps
 * (`YYYY-MM-DD HH:MM:SS` hourly or `YYYY-MM-DD` daily). A repeated autumn
 * hour appears twice with the same text; the second is the later instant.
 */
import type { Grain, MetricKind } from "../../domain/metrics";
import type { TrainingPoint } from "../../model/types";
import { dayStart, localToUtc, offsetMinutes, parseDate } from "../../time/zone";

const HOURLY = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DAILY = /^\d{4}-\d{2}-\d{2}$/;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const RESERVED = new Set(["location", "timestamp", "value", "open"]);

/** A malformed input, with where it is and what was expected. */
export class BacktestInputError extends Error {
  constructor(
    readonly line: number,
    readonly column: string | null,
    message: string,
  ) {
    super(`line ${line}${column ? `, column ${column}` : ""}: ${message}`);
    this.name = "BacktestInputError";
  }
}

/** One input row, kept for the output. */
export interface InputRow {
  line: number;
  location: string;
  timestamp: string;
  point: TrainingPoint;
}

/** Parsed input grouped by location, in input order. */
export interface ParsedInput {
  grain: Grain;
  hasLocation: boolean;
  eventColumns: string[];
  rows: InputRow[];
}

function splitLine(text: string): string[] {
  return text.split(",").map((cell) => cell.trim());
}

/**
 * Parses the whole CSV text for locations in `timeZone`. Count values must
 * be whole numbers; amounts may have decimals.
 */
export function parseBacktestCsv(text: string, timeZone: string, kind: MetricKind = "count"): ParsedInput {
  const lines = text.split(/\r?\n/);
  const header = splitLine(lines[0] ?? "");
  const column = (name: string) => header.indexOf(name);
  for (const name of ["timestamp", "value"]) {
    if (column(name) < 0) {
      throw new BacktestInputError(1, name, `missing column "${name}"; the header needs timestamp,value`);
    }
  }
  const eventColumns = header.filter((h) => !RESERVED.has(h) && h !== "");
  const parsed: ParsedInput = { grain: "hour", hasLocation: column("location") >= 0, eventColumns, rows: [] };
  const previous = new Map<string, { text: string; startMs: number }>();
  let grain: Grain | null = null;

  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitLine(lines[i]);
    const line = i + 1;
    if (cells.length !== header.length) {
      throw new BacktestInputError(line, null, `expected ${header.length} columns, found ${cells.length}`);
    }
    const location = parsed.hasLocation ? cells[column("location")] : "";
    const timestamp = cells[column("timestamp")];
    const rowGrain = grainOf(timestamp, line);
    grain ??= rowGrain;
    if (rowGrain !== grain) {
      throw new BacktestInputError(line, "timestamp", `"${timestamp}" is ${rowGrain === "hour" ? "hourly" : "daily"} but earlier rows are ${grain === "hour" ? "hourly" : "daily"}; use one grain per file`);
    }
    const last = previous.get(location);
    const startMs = toUtc(timestamp, grain, timeZone, last, line);
    if (last && startMs <= last.startMs) {
      throw new BacktestInputError(line, "timestamp", `"${timestamp}" is not after the previous row of ${location || "the series"} ("${last.text}"); sort rows by time`);
    }
    previous.set(location, { text: timestamp, startMs });
    parsed.rows.push({
      line,
      location,
      timestamp,
      point: {
        startMs,
        value: parseValue(cells[column("value")], line, kind),
        open: parseOpen(column("open") >= 0 ? cells[column("open")] : "", line),
        ...(eventColumns.length > 0 ? { events: parseEvents(cells, header, eventColumns, line) } : {}),
      },
    });
  }
  parsed.grain = grain ?? "hour";
  return parsed;
}

function grainOf(timestamp: string, line: number): Grain {
  if (HOURLY.test(timestamp)) return "hour";
  if (DAILY.test(timestamp)) return "day";
  throw new BacktestInputError(line, "timestamp", `invalid timestamp "${timestamp}"; expected YYYY-MM-DD HH:MM:SS or YYYY-MM-DD`);
}

function toUtc(
  timestamp: string,
  grain: Grain,
  timeZone: string,
  previous: { text: string; startMs: number } | undefined,
  line: number,
): number {
  try {
    if (grain === "day") {
      parseDate(timestamp);
      return dayStart(timeZone, timestamp);
    }
    const [, date, hh, mm, ss] = HOURLY.exec(timestamp)!;
    if (mm !== "00" || ss !== "00" || Number(hh) > 23) {
      throw new RangeError(`"${timestamp}" is not the start of an hour; expected HH:00:00`);
    }
    const wallMs = parseDate(date) + Number(hh) * HOUR_MS;
    const occurrence = previous?.text === timestamp ? 2 : 1;
    const utc = localToUtc(timeZone, wallMs, occurrence);
    if (utc + offsetMinutes(timeZone, utc) * MINUTE_MS !== wallMs) {
      throw new RangeError(`"${timestamp}" does not exist in ${timeZone} (skipped by a daylight-saving change)`);
    }
    if (occurrence === 2 && utc === previous!.startMs) {
      throw new RangeError(`"${timestamp}" repeats, but ${timeZone} has this hour only once`);
    }
    return utc;
  } catch (error) {
    if (error instanceof RangeError) throw new BacktestInputError(line, "timestamp", error.message);
    throw error;
  }
}

function parseValue(cell: string, line: number, kind: MetricKind): number {
  if (cell === "") return NaN; // no data for the bucket
  const value = Number(cell);
  if (!Number.isFinite(value) || value < 0) {
    throw new BacktestInputError(line, "value", `invalid value "${cell}"; expected a number at least 0, or empty for no data`);
  }
  if (kind === "count" && !/^\d+$/.test(cell.trim())) {
    throw new BacktestInputError(line, "value", `invalid count "${cell}"; expected a whole number, or use --kind amount for money`);
  }
  return value;
}

function parseOpen(cell: string, line: number): boolean | null {
  if (cell === "") return null;
  if (cell === "1") return true;
  if (cell === "0") return false;
  throw new BacktestInputError(line, "open", `invalid open flag "${cell}"; expected 0, 1 or empty`);
}

function parseEvents(cells: string[], header: string[], names: string[], line: number) {
  const events: Record<string, 0 | 1> = {};
  for (const name of names) {
    const cell = cells[header.indexOf(name)];
    if (cell !== "0" && cell !== "1") {
      throw new BacktestInputError(line, name, `invalid event flag "${cell}"; expected 0 or 1`);
    }
    events[name] = cell === "1" ? 1 : 0;
  }
  return events;
}
