import { hourBucketStart, TIME } from "../../src/time/zone";
import { readMeta, writeMeta } from "./meta";

/** Most buckets one call closes; a longer gap is closed over several alarms. */
const MAX_CLOSE_PER_CALL = 24 * 45;

/** Returns the UTC start of the bucket after the one starting at `startMs`. */
export function nextBucketStart(timeZone: string, startMs: number): number {
  return hourBucketStart(timeZone, startMs + TIME.HOUR_MS);
}

/**
 * Closes every bucket that ends at or before `watermarkMs`. For a location
 * that sends live events, hours with none get an empty row, because a
 * silent hour is an observation of zero. A location fed only daily history
 * gets none, so its hourly history is not filled with invented zeros.
 * Returns the starts of the buckets it closed, oldest first.
 */
export function closeBuckets(
  sql: SqlStorage,
  timeZone: string,
  watermarkMs: number,
  createEmpty: boolean,
): number[] {
  const stored = readMeta(sql, "closed_through_ms");
  let start = stored ? Number(stored) : hourBucketStart(timeZone, watermarkMs);
  const closed: number[] = [];
  while (closed.length < MAX_CLOSE_PER_CALL) {
    const end = nextBucketStart(timeZone, start);
    if (end > watermarkMs) break;
    if (createEmpty) {
      sql.exec("INSERT OR IGNORE INTO buckets (start_ms) VALUES (?)", start);
    }
    sql.exec("UPDATE buckets SET closed = 1 WHERE start_ms = ?", start);
    closed.push(start);
    start = end;
  }
  writeMeta(sql, "closed_through_ms", String(start));
  return closed;
}

/** Returns the UTC start of the bucket that is open now (not yet closed). */
export function openBucketStart(sql: SqlStorage, timeZone: string, nowMs: number): number {
  const stored = readMeta(sql, "closed_through_ms");
  return stored ? Number(stored) : hourBucketStart(timeZone, nowMs);
}
