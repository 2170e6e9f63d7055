const SECONDS = /^\d+$/;

// All three HTTP date forms (IMF-fixdate, RFC 850, asctime) open with the
// weekday name, which keeps values such as "-3" away from Date.parse.
const HTTP_DATE_START = /^[A-Za-z]{3}/;

/**
 * Parses an HTTP `Retry-After` value, either delay seconds (`2`) or an HTTP
 * date, into milliseconds from `nowMs`. Returns null when the header is
 * absent or unreadable, and 0 for a date already past.
 */
export function parseRetryAfterMs(
  header: string | null,
  nowMs: number,
): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (SECONDS.test(value)) return Number(value) * 1_000;
  if (!HTTP_DATE_START.test(value)) return null;
  const atMs = Date.parse(value);
  if (Number.isNaN(atMs)) return null;
  return Math.max(0, atMs - nowMs);
}
