import { z } from "zod";

/** Faults a test can inject into a job to check that retries repair state. */
export const FAULTS = ["throw_before_fit", "crash_after_r2", "crash_after_d1"] as const;

/** Pages through the registry and enqueues one train message per location. */
export const PlanMessageSchema = z.object({
  kind: z.literal("plan"),
  runId: z.string(),
  region: z.string().optional(),
  cursor: z.string().optional(),
  force: z.boolean(),
});

/** Trains every modelled metric and grain of one location. */
export const TrainMessageSchema = z.object({
  kind: z.literal("train"),
  runId: z.string(),
  locationId: z.string(),
  force: z.boolean(),
  faults: z.array(z.enum(FAULTS)).optional(),
});

export const TrainingMessageSchema = z.discriminatedUnion("kind", [
  PlanMessageSchema,
  TrainMessageSchema,
]);
export type TrainingMessage = z.infer<typeof TrainingMessageSchema>;
export type TrainMessage = z.infer<typeof TrainMessageSchema>;
export type PlanMessage = z.infer<typeof PlanMessageSchema>;
