import { z } from "zod";

export const FieldIssueSchema = z.object({
  index: z.number().int().optional(),
  field: z.string(),
  problem: z.string(),
  fix: z.string(),
});

/** Body of every error response: the code and message, and at least one issue. */
export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  issues: z.array(FieldIssueSchema).min(1),
});

/** Describes a JSON request body for the OpenAPI document. */
export function jsonBody(schema: z.ZodType) {
  return { content: { "application/json": { schema } }, required: true };
}

/** Describes a JSON response for the OpenAPI document. */
export function jsonResponse(schema: z.ZodType, description: string) {
  return { description, content: { "application/json": { schema } } };
}
