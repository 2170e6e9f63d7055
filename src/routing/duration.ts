import { z } from "zod";

const UNIT_MS = {
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
} as const;

// Alertmanager's duration syntax: units from largest to smallest, each once,
// such as 1h30m, 5m, 30s, 1d, or a bare 0.
const DURATION =
  /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Longest duration accepted anywhere in a routing document: 30 days. */
export const MAX_DURATION_MS = 30 * UNIT_MS.d;

/**
 * Parses a duration such as `30s`, `5m`, `4h` or `1h30m` into milliseconds,
 * or returns null when the text is not a duration.
 */
export function parseDurationMs(text: string): number | null {
  if (text === "0") return 0;
  const parts = DURATION.exec(text);
  if (!parts || text === "") return null;
  const units = [UNIT_MS.w, UNIT_MS.d, UNIT_MS.h, UNIT_MS.m, UNIT_MS.s, 1];
  let total = 0;
  units.forEach((unitMs, i) => {
    const count = parts[i + 1];
    if (count !== undefined) total += Number(count) * unitMs;
  });
  return total;
}

/** Formats milliseconds in the syntax `parseDurationMs` reads. */
export function formatDuration(durationMs: number): string {
  if (durationMs === 0) return "0";
  let rest = durationMs;
  let text = "";
  for (const [unit, unitMs] of Object.entries(UNIT_MS)) {
    const count = Math.floor(rest / unitMs);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * unitMs;
  }
  return text;
}

/** A duration string in a document, parsed to milliseconds. */
export const DurationSchema = z.string().transform((text, ctx): number => {
  const durationMs = parseDurationMs(text);
  if (durationMs === null) {
    ctx.addIssue({
      code: "custom",
      message:
        `invalid duration "${text}"; use a form such as 30s, 5m, 4h ` +
        "or 1h30m",
    });
    return z.NEVER;
  }
  if (durationMs > MAX_DURATION_MS) {
    ctx.addIssue({
      code: "custom",
      message: `duration "${text}" exceeds the limit of 30d; shorten it`,
    });
    return z.NEVER;
  }
  return durationMs;
});
