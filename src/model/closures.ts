/**
 * Known closures split by what they mean for the location. A weekly rest
 * day (an office cafe's Sunday) and a public holiday are routine, so
 * neither announces a renovation nor shows how the location trades on a
 * holiday that falls on a working day.
 */

/** Returns the weekday of a local day number, Monday 0; 1970-01-01 was a Thursday. */
function weekdayOf(localDay: number): number {
  return (((localDay + 3) % 7) + 7) % 7;
}

/**
 * Returns the weekdays on which the location is closed in most weeks of
 * the history, counting only days that are not holidays. A weekday with fewer than four
 * such days is judged open.
 */
export function restWeekdays(
  firstDay: number,
  knownClosed: Uint8Array,
  traded: Uint8Array,
  holiday: Uint8Array,
): Uint8Array {
  const closed = new Int32Array(7);
  const seen = new Int32Array(7);
  for (let d = 0; d < knownClosed.length; d++) {
    if (holiday[d] || (!knownClosed[d] && !traded[d])) continue;
    const weekday = weekdayOf(firstDay + d);
    seen[weekday] += 1;
    if (knownClosed[d]) closed[weekday] += 1;
  }
  return Uint8Array.from({ length: 7 }, (_, w) =>
    seen[w] >= 4 && closed[w] * 2 > seen[w] ? 1 : 0,
  );
}

/** Reports whether day index `d` falls on a rest weekday. */
export function onRestDay(firstDay: number, d: number, rest: Uint8Array): boolean {
  return rest[weekdayOf(firstDay + d)] === 1;
}

/**
 * Marks the known-closed days that are neither holidays nor weekly rest
 * days: a renovation, a refit, a closure the chain announced for this
 * location.
 */
export function unusualClosures(
  firstDay: number,
  knownClosed: Uint8Array,
  holiday: Uint8Array,
  rest: Uint8Array,
): Uint8Array {
  return knownClosed.map((c, d) =>
    c && !holiday[d] && !onRestDay(firstDay, d, rest) ? 1 : 0,
  );
}
