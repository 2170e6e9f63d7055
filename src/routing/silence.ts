import { z } from "zod";
import type { LabelSet } from "./labels";
import { matches, matchesAll, MatcherSchema, type Matcher } from "./matcher";

/** Limits for one silence. */
export const MAX_SILENCE_MATCHERS = 20;
export const MAX_SILENCE_COMMENT_LENGTH = 1_000;

const IsoInstantSchema = z.iso.datetime({ offset: true });

// A matcher that matches the empty string also matches alerts without that
// label, so a silence made only of such matchers would mute everything.
function matchesEmpty(matcher: Matcher): boolean {
  return matches(matcher, {});
}

const SilenceFieldsSchema = z.strictObject({
  matchers: z.array(MatcherSchema).min(1).max(MAX_SILENCE_MATCHERS),
  startsAt: IsoInstantSchema,
  endsAt: IsoInstantSchema,
  createdBy: z.string().min(1).max(200),
  comment: z.string().min(1).max(MAX_SILENCE_COMMENT_LENGTH),
});

type SilenceFields = z.output<typeof SilenceFieldsSchema>;

function checkSilence(silence: SilenceFields, ctx: z.RefinementCtx): void {
  if (Date.parse(silence.endsAt) <= Date.parse(silence.startsAt)) {
    ctx.addIssue({
      code: "custom",
      path: ["endsAt"],
      message: "endsAt must be later than startsAt",
    });
  }
  if (silence.matchers.every(matchesEmpty)) {
    ctx.addIssue({
      code: "custom",
      path: ["matchers"],
      message:
        "every matcher also matches an empty label, so the silence would " +
        "mute all alerts; add a matcher such as location=s-12",
    });
  }
}

/** A silence as created through the API, before it gets an id. */
export const SilenceInputSchema = SilenceFieldsSchema.superRefine(checkSilence);
export type SilenceInput = z.output<typeof SilenceInputSchema>;

/** A stored silence, as read back from storage. */
export const SilenceSchema = SilenceFieldsSchema.extend({
  id: z.string().min(1),
}).superRefine(checkSilence);
export type Silence = z.output<typeof SilenceSchema>;

export type SilenceState = "pending" | "active" | "expired";

/** Returns whether a silence has not started, is in force, or has ended. */
export function silenceState(silence: Silence, nowMs: number): SilenceState {
  if (nowMs < Date.parse(silence.startsAt)) return "pending";
  if (nowMs >= Date.parse(silence.endsAt)) return "expired";
  return "active";
}

/** Returns the ids of the silences that mute an alert at `nowMs`. */
export function matchingSilences(
  silences: readonly Silence[],
  labels: LabelSet,
  nowMs: number,
): string[] {
  return silences
    .filter((s) => silenceState(s, nowMs) === "active")
    .filter((s) => matchesAll(s.matchers, labels))
    .map((s) => s.id);
}
