/** Maximum events in one POST /v1/events batch. */
export const MAX_BATCH_EVENTS = 1_000;
/** Largest accepted body of POST /v1/events. */
export const MAX_BATCH_BYTES = 1_048_576;
/** Maximum rows in one history backfill request. */
export const MAX_HISTORY_ROWS = 10_000;
/** Largest accepted body of a history backfill request. */
export const MAX_HISTORY_BYTES = 8 * 1_048_576;
/** Maximum locations in one registration request. */
export const MAX_LOCATIONS_PER_REQUEST = 1_000;
