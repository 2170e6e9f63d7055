/**
 * The fitted model as compact, versioned JSON: what the trainer writes to R2
 * and the Durable Object scores from. It carries its own holiday dates, so
 * scoring needs no calendar library.
 */
import { z } from "zod";

/** Artifact format version; bump on any change readers must know about. */
export const MODEL_ARTIFACT_VERSION = 1;

const finite = z.number().finite();

/** A holiday day: local day number, log factor, extra sd, closed probability. */
const HolidayEntrySchema = z.tuple([
  z.number().int(),
  finite,
  finite.nonnegative(),
  finite.min(0).max(1),
]);

export const ModelArtifactSchema = z
  .object({
    version: z.literal(MODEL_ARTIFACT_VERSION),
    grain: z.enum(["hour", "day"]),
    kind: z.enum(["count", "amount"]),
    timeZone: z.string().min(1).max(64),
    country: z.string().min(2).max(3).optional(),
    subdivision: z.string().min(1).max(10).optional(),
    /** UTC end of the last training bucket. */
    trainedThroughMs: finite,
    /** Local day number that `levels[0]` applies to. */
    firstForecastDay: z.number().int(),
    /** Expected value per hour of the week (or weekday) at multiplier 1. */
    profile: z.array(finite.nonnegative()),
    /** Log day multiplier per day from firstForecastDay; the last repeats. */
    levels: z.array(finite).min(1),
    /** Log effect of each known covariate when it is 1. */
    events: z.record(z.string(), finite),
    holidays: z.array(HolidayEntrySchema),
    noise: z.object({
      unit: finite.positive(),
      alpha: finite.nonnegative(),
      daySd: finite.nonnegative(),
      /**
       * Part of daySd that is the level forecast's error, which the
       * holdout adds to the fitted day spread (absent in older artifacts).
       */
      levelSd: finite.nonnegative().optional(),
      /** Weight of the wide day component and its sd relative to daySd. */
      tailWeight: finite.min(0).max(0.5),
      tailScale: finite.min(1).max(10),
    }),
    fit: z.object({
      days: z.number().int().nonnegative(),
      buckets: z.number().int().nonnegative(),
      abnormalDays: z.number().int().nonnegative(),
      /** Hours dropped from otherwise normal days (absent in older artifacts). */
      disruptedBuckets: z.number().int().nonnegative().optional(),
      shiftDays: z.number().int().nonnegative(),
      seasonLags: z.array(z.number().int()),
    }),
  })
  .refine((a) => a.profile.length === (a.grain === "hour" ? 168 : 7), {
    message: "profile needs 168 values for hourly grain and 7 for daily",
  });

export type ModelArtifact = z.infer<typeof ModelArtifactSchema>;

/** Rounds to four significant digits, which keeps the JSON small. */
export function compact(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(4));
}
