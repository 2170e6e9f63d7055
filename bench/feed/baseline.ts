/**
 * The fixed rule the model is compared with: a feed is silent after 30
 * minutes of declared opening hours with no sale, checked every minute.
 * Closed time does not count towards the 30 minutes, so the rule does not
 * fire at every opening after a quiet night.
 */
import { knownOpen } from "../../src/domain/known-open";
import type { LocationProfile } from "../../src/domain/location";
import { TIME } from "../../src/time/zone";

/** Open minutes without a sale that make the rule fire. */
export const BASELINE_SILENT_MINUTES = 30;
/** Declared hours start and end on quarter hours, so one lookup each. */
const QUARTER_MS = 15 * TIME.MINUTE_MS;

/** Declared opening of a location, cached by quarter hour. */
export class DeclaredHours {
  readonly #profile: LocationProfile;
  readonly #quarters = new Map<number, boolean>();

  constructor(profile: LocationProfile) {
    this.#profile = profile;
  }

  /** Reports whether the declared hours have the location open at `atMs`. */
  isOpen(atMs: number): boolean {
    const quarter = Math.floor(atMs / QUARTER_MS);
    let open = this.#quarters.get(quarter);
    if (open === undefined) {
      // A location with no declared hours counts as open all the time.
      open = knownOpen(this.#profile, quarter * QUARTER_MS, QUARTER_MS) !== false;
      this.#quarters.set(quarter, open);
    }
    return open;
  }
}

/**
 * Returns the first whole minute in [fromMs, toMs) at which the rule fires
 * after a sale at `lastSaleMs` with none since, or null when it does not.
 */
export function baselineFiresAt(
  hours: DeclaredHours,
  lastSaleMs: number,
  fromMs: number,
  toMs: number,
): number | null {
  let openMinutes = 0;
  const first = Math.ceil(lastSaleMs / TIME.MINUTE_MS) * TIME.MINUTE_MS;
  for (let m = first; m < toMs; m += TIME.MINUTE_MS) {
    const open = hours.isOpen(m);
    if (open && openMinutes >= BASELINE_SILENT_MINUTES && m >= fromMs) return m;
    if (open) openMinutes++;
  }
  return null;
}

/** Returns the minutes at which the rule opens an alert over normal sales. */
export function baselineAlerts(
  hours: DeclaredHours,
  saleMs: Float64Array,
  liveSinceMs: number,
  fromMs: number,
  toMs: number,
): number[] {
  const alerts: number[] = [];
  for (let i = -1; i < saleMs.length; i++) {
    const last = i >= 0 ? saleMs[i] : liveSinceMs;
    const next = i + 1 < saleMs.length ? saleMs[i + 1] : toMs;
    if (next < fromMs || last >= toMs) continue;
    const firesAt = baselineFiresAt(hours, last, last, Math.min(next, toMs));
    if (firesAt !== null && firesAt >= fromMs) alerts.push(firesAt);
  }
  return alerts;
}
