import type { z } from "zod";
import { ValidationFailed, type FieldIssue } from "./errors";

const MAX_VALUE_CHARS = 60;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** Turns one zod issue into a problem and a fix a client can act on. */
function describe(issue: z.core.$ZodIssue, value: unknown, field: string) {
  if (value === undefined && issue.code !== "unrecognized_keys") {
    return { problem: "is missing", fix: `add ${field}` };
  }
  switch (issue.code) {
    case "invalid_type":
      return {
        problem: `${show(value)} is not a ${issue.expected}`,
        fix: `send ${field} as a ${issue.expected}`,
      };
    case "invalid_value":
      return {
        problem: `${show(value)} is not allowed`,
        fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "invalid_union":
      return {
        problem: `${show(value)} matches no accepted form`,
        fix: `check the type of ${field} in /openapi.json`,
      };
    case "unrecognized_keys":
      return {
        problem: `unknown field ${issue.keys.join(", ")}`,
        fix: "remove it or check its spelling",
      };
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? "at least" : "at most";
      const limit = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
      let unit = "";
      if (issue.origin === "string") unit = " characters";
      if (issue.origin === "array") unit = " items";
      return {
        problem: `${show(value)} is out of range`,
        fix: `send ${bound} ${limit}${unit}`,
      };
    }
    default:
      return { problem: `${show(value)} is invalid`, fix: issue.message };
  }
}

/**
 * Converts zod issues to field issues. With `indexed`, the first path element
 * is the item's position in a batch and is reported as `index`.
 */
export function toFieldIssues(
  error: z.ZodError,
  input: unknown,
  options: { indexed?: boolean } = {},
): FieldIssue[] {
  return error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const rest = options.indexed ? issue.path.slice(1) : issue.path;
    const field = rest.map(String).join(".") || "(body)";
    const described = describe(issue, value, field);
    const index = options.indexed ? Number(issue.path[0]) : undefined;
    return { ...(index === undefined ? {} : { index }), field, ...described };
  });
}

/** Parses a value with a schema or throws ValidationFailed listing every issue. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
  options: { indexed?: boolean } = {},
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error, input, options);
  throw new ValidationFailed(`invalid ${what}: ${issues.length} problem(s)`, issues);
}
