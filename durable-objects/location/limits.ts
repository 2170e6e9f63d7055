import { TIME } from "../../src/time/zone";

/** Hourly buckets are kept this long: 400 days to train on, plus margin. */
export const HOURLY_RETENTION_MS = 430 * TIME.DAY_MS;
/** Daily rows are kept this long: three years of yearly seasonality. */
export const DAILY_RETENTION_MS = 1_200 * TIME.DAY_MS;
/** Events older than this are rejected by ingest; use the backfill endpoint. */
export const LATE_WINDOW_MS = 7 * TIME.DAY_MS;
/** Events further ahead of the server clock than this are rejected. */
export const MAX_FUTURE_SKEW_MS = 5 * TIME.MINUTE_MS;
/**
 * Dedup keys outlive the late window: an event accepted at R has a timestamp
 * after R - 7 d - 5 min, so no retry of it is accepted after R + 8 d.
 */
export const DEDUP_RETENTION_MS = LATE_WINDOW_MS + TIME.DAY_MS;
/** A bucket closes this long after its end, to let in-flight events land. */
export const CLOSE_LATENESS_MS = 2 * TIME.MINUTE_MS;
