/**
 * Numbers the training pipeline relies on, each inside a Workers limit:
 *
 * - Queue `sendBatch` takes at most 100 messages and 256 KB; a train message
 *   is under 200 bytes, so one call carries 100 jobs.
 * - A plan step reads one page of locations and sends its jobs: 500 ids make
 *   5 `sendBatch` calls and one D1 batch of about 30 statements, far below the
 *   per-invocation subrequest limit. The next page is its own message, so a
 *   fleet of 100,000 locations is planned by 200 short invocations.
 * - A train job does at most 2 fits per metric and grain (holdout and
 *   final), 16 for 4 metrics at 2 grains. `npm run bench:train` estimates
 *   a batch of 10 jobs at about 1.2 s of CPU with 400 days of hourly
 *   history, far below the 30 s default.
 */
export const PLAN_PAGE_SIZE = 500;
export const SEND_BATCH_SIZE = 100;
/** Locations with a failed or insufficient outcome are retried this soon. */
export const RETRY_INCOMPLETE_AFTER_DAYS = 1;
