import type { z } from "zod";
import { DATE_TIME_EXAMPLE, LOCAL_DATE_EXAMPLE, readDateTime, readLocalDate } from "../domain/timestamp";
import { ValidationFailed, type FieldIssue } from "./errors";
import { acceptedKeys, likelyMeant, valueAt } from "./schema-fields";

const MAX_VALUE_CHARS = 60;

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Options of `describeIssue` and `toFieldIssues`: the schema, secret fields and field names. */
export interface IssueOptions {
  /** The schema the input was parsed with, to list an object's accepted fields. */
  schema?: AnySchema;
  /** Reports whether the value at a path is a credential, which is never quoted. */
  isSecret?: (path: Path) => boolean;
  /** The first path element is the item's position in a batch, reported as `index`. */
  indexed?: boolean;
  /** The field name of the input as a whole, "(body)" unless set. */
  root?: string;
  /** Writes a path as a field name, in place of the dotted form. */
  formatPath?: (path: Path) => string;
}

/** One problem at a path of the input, before the path is written as a field name. */
export interface PathIssue {
  path: PropertyKey[];
  problem: string;
  fix: string;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** Writes a count with its noun, such as "1 item" or "2 items". */
export function plural(count: number | bigint, noun: string): string {
  return `${count} ${noun}${Number(count) === 1 ? "" : "s"}`;
}

/** Type names as zod reports them, written as a client reads them. */
const TYPE_NAMES: Record<string, string> = {
  int: "integer",
  record: "object",
  tuple: "array",
  nan: "NaN",
};

function withArticle(typeName: string): string {
  const name = TYPE_NAMES[typeName] ?? typeName;
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

function listValues(values: readonly unknown[]): string {
  const texts = values.map((v) => JSON.stringify(v) ?? String(v));
  return texts.length === 1 ? texts[0] : `one of ${texts.join(", ")}`;
}

function joinAlternatives(parts: string[]): string {
  return [...new Set(parts)].join(" or ");
}

interface Context {
  input: unknown;
  options: IssueOptions;
  /** Names a path for a fix such as "send X as a string". */
  name: (path: Path) => string;
}

/**
 * Names the field at a path: dotted from the input, or from the item when
 * `indexed`. The input itself is `root`, and a whole item is `root[index]`.
 */
function fieldName(path: Path, options: IssueOptions): string {
  const root = options.root ?? "(body)";
  if (!options.indexed) return (options.formatPath ?? dotted)(path) || root;
  const rest = (options.formatPath ?? dotted)(path.slice(1));
  return rest || `${root}[${String(path[0])}]`;
}

function dotted(path: Path): string {
  return path.map(String).join(".");
}

function show(context: Context, path: Path, value: unknown): string {
  return context.options.isSecret?.(path) ? "the value" : quote(value);
}

/** Turns a schema message written as "expected X" into the fix "send X". */
function fixFromMessage(message: string, field: string): string {
  if (message.startsWith("expected ")) return `send ${message.slice("expected ".length)}`;
  if (/^Invalid\b/.test(message)) return `send ${field} in the form /openapi.json gives`;
  return message;
}

/**
 * Splits a schema's own message written as "problem; fix". A message
 * without "; " is the problem, and `fallbackFix` is the fix.
 */
export function splitMessage(message: string, fallbackFix: string): { problem: string; fix: string } {
  const at = message.lastIndexOf("; ");
  if (at === -1) return { problem: message, fix: fallbackFix };
  return { problem: message.slice(0, at), fix: message.slice(at + 2) };
}

function describeMissing(issue: Issue, field: string): { problem: string; fix: string } {
  if (issue.code === "invalid_type") {
    return { problem: "is missing", fix: `add ${field} as ${withArticle(issue.expected)}` };
  }
  if (issue.code === "invalid_value") {
    return { problem: "is missing", fix: `add ${field}: ${listValues(issue.values)}` };
  }
  if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
    return { problem: "is missing", fix: `add ${field}: ${listValues(issue.options)}` };
  }
  return { problem: "is missing", fix: `add ${field}` };
}

function describeSize(
  issue: Extract<Issue, { code: "too_small" | "too_big" }>,
  valueText: string,
  value: unknown,
) {
  const small = issue.code === "too_small";
  const limit = small ? issue.minimum : issue.maximum;
  const exact = "exact" in issue && issue.exact === true;
  let bound = small ? "at least" : "at most";
  if (exact) bound = "exactly";
  if (issue.origin === "string") {
    const length = typeof value === "string" ? value.length : 0;
    return {
      problem: `${valueText} is ${plural(length, "character")} long`,
      fix: `send ${bound} ${plural(limit, "character")}`,
    };
  }
  if (issue.origin === "array" || issue.origin === "set") {
    const count = Array.isArray(value) ? value.length : 0;
    return { problem: `has ${plural(count, "item")}`, fix: `send ${bound} ${plural(limit, "item")}` };
  }
  const inclusive = issue.inclusive !== false;
  if (small) {
    return inclusive
      ? { problem: `${valueText} is less than ${limit}`, fix: `send ${limit} or more` }
      : { problem: `${valueText} is not greater than ${limit}`, fix: `send a number greater than ${limit}` };
  }
  return inclusive
    ? { problem: `${valueText} is more than ${limit}`, fix: `send ${limit} or less` }
    : { problem: `${valueText} is not less than ${limit}`, fix: `send a number less than ${limit}` };
}

function describeFormat(
  issue: Extract<Issue, { code: "invalid_format" }>,
  valueText: string,
  value: unknown,
  field: string,
) {
  if (issue.format === "datetime") {
    const read = readDateTime(String(value));
    if (!read.ok) return { problem: read.problem, fix: read.fix };
    return {
      problem: `${valueText} is not an RFC 3339 date-time with offset`,
      fix: `send a time such as ${DATE_TIME_EXAMPLE}`,
    };
  }
  if (issue.format === "date") {
    const read = readLocalDate(String(value));
    if (!read.ok) return { problem: read.problem, fix: read.fix };
    return { problem: `${valueText} is not a date YYYY-MM-DD`, fix: `send a date such as ${LOCAL_DATE_EXAMPLE}` };
  }
  if (issue.format === "regex") {
    return { problem: `${valueText} does not have the expected format`, fix: fixFromMessage(issue.message, field) };
  }
  return { problem: `${valueText} is not a valid ${issue.format}`, fix: `send a valid ${issue.format}` };
}

function describeUnion(
  issue: Extract<Issue, { code: "invalid_union" }>,
  path: Path,
  value: unknown,
  context: Context,
): PathIssue[] {
  const valueText = show(context, path, value);
  if ("options" in issue && Array.isArray(issue.options)) {
    return [{ path: [...path], problem: `${valueText} is not allowed`, fix: `use ${listValues(issue.options)}` }];
  }
  const branches = issue.errors;
  const flat = branches.every((branch) => branch.length === 1 && branch[0].path.length === 0);
  if (branches.length > 0 && flat) {
    const firsts = branches.map((branch) => branch[0]);
    if (firsts.every((i) => i.code === "invalid_type")) {
      const types = joinAlternatives(firsts.map((i) => withArticle((i as { expected: string }).expected)));
      return [{ path: [...path], problem: `${valueText} is not ${types}`, fix: `send ${context.name(path)} as ${types}` }];
    }
    if (firsts.every((i) => i.code === "invalid_value")) {
      const values = firsts.flatMap((i) => (i as { values: unknown[] }).values);
      return [{ path: [...path], problem: `${valueText} is not allowed`, fix: `use ${listValues(values)}` }];
    }
    const fixes = firsts.flatMap((i) => describeIssue(i, context.input, path, context.options).map((d) => d.fix));
    return [{ path: [...path], problem: `${valueText} matches none of the accepted forms`, fix: joinAlternatives(fixes) }];
  }
  // Describe the member the value came closest to: the one with fewest issues.
  const closest = [...branches].sort((a, b) => a.length - b.length)[0] ?? [];
  if (closest.length === 0) {
    return [{ path: [...path], problem: `${valueText} matches none of the accepted forms`, fix: `correct ${context.name(path)}` }];
  }
  return closest.flatMap((i) => describeIssue(i, context.input, path, context.options));
}

function describeUnknownKeys(
  issue: Extract<Issue, { code: "unrecognized_keys" }>,
  path: Path,
  context: Context,
): PathIssue[] {
  const schema = context.options.schema;
  const accepted = schema ? acceptedKeys(schema, context.input, path) : undefined;
  return issue.keys.map((key) => {
    let fix = "remove it or check its spelling against /openapi.json";
    if (accepted) {
      const meant = likelyMeant(key, accepted);
      const rename = meant ? ` or rename it to ${meant}` : "";
      fix = `remove it${rename}; the accepted fields are ${accepted.join(", ")}`;
    }
    return { path: [...path, key], problem: `unknown field ${JSON.stringify(key)}`, fix };
  });
}

/**
 * Describes one zod issue as problems and fixes a client can act on, each
 * at its full path from the input. A union issue can become several, one
 * per issue of the member the value came closest to.
 */
export function describeIssue(
  issue: Issue,
  input: unknown,
  basePath: Path,
  options: IssueOptions = {},
): PathIssue[] {
  const name = (p: Path) => {
    const field = fieldName(p, options);
    return field === "(body)" ? "the body" : field;
  };
  const context: Context = { input, options, name };
  const path = [...basePath, ...issue.path];
  const value = valueAt(input, path);
  const field = name(path);
  const valueText = show(context, path, value);
  const at = (described: { problem: string; fix: string }): PathIssue[] => [{ path, ...described }];

  // A schema's own issue carries its fix in params. A message that starts
  // with a verb ("is not an IANA time zone ...") gets the value in front.
  const customFix = issue.code === "custom" ? (issue.params as { fix?: unknown } | undefined)?.fix : undefined;
  if (typeof customFix === "string") {
    const subject = value !== undefined && /^(is|has|does) /.test(issue.message) ? `${valueText} ` : "";
    return at({ problem: `${subject}${issue.message}`, fix: customFix });
  }
  if (value === undefined && issue.code !== "unrecognized_keys" && issue.code !== "invalid_key") {
    return at(describeMissing(issue, field));
  }
  switch (issue.code) {
    case "invalid_type":
      return at({ problem: `${valueText} is not ${withArticle(issue.expected)}`, fix: `send ${field} as ${withArticle(issue.expected)}` });
    case "invalid_value": {
      // A message the schema wrote, rather than zod's "Invalid ...", is the fix.
      const fix = /^Invalid\b/.test(issue.message) ? `use ${listValues(issue.values)}` : issue.message;
      return at({ problem: `${valueText} is not allowed`, fix });
    }
    case "invalid_union":
      return describeUnion(issue, path, value, context);
    case "unrecognized_keys":
      return describeUnknownKeys(issue, path, context);
    case "too_small":
    case "too_big":
      return at(describeSize(issue, valueText, value));
    case "invalid_format":
      return at(describeFormat(issue, valueText, value, field));
    case "not_multiple_of":
      return at({ problem: `${valueText} is not a multiple of ${issue.divisor}`, fix: `send a multiple of ${issue.divisor}` });
    case "invalid_key": {
      const key = path[path.length - 1];
      return issue.issues.flatMap((inner) =>
        describeIssue(inner, { key }, ["key"], {}).map((d) => ({ path, problem: `key ${d.problem}`, fix: d.fix })),
      );
    }
    case "custom": {
      if (issue.message === "Invalid input") return at({ problem: `${valueText} is invalid`, fix: `correct ${field}` });
      return at(splitMessage(issue.message, `correct ${field}`));
    }
    default:
      return at({ problem: `${valueText} is invalid`, fix: `correct ${field}; /openapi.json describes it` });
  }
}

/**
 * Converts zod issues to field issues. With `indexed`, the first path
 * element is the item's position in a batch and is reported as `index`.
 */
export function toFieldIssues(
  error: z.ZodError,
  input: unknown,
  options: IssueOptions = {},
): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    describeIssue(issue, input, [], options).map(({ path, problem, fix }) => {
      const field = fieldName(path, options);
      return options.indexed ? { index: Number(path[0]), field, problem, fix } : { field, problem, fix };
    }),
  );
}

/** Parses a value with a schema or throws ValidationFailed listing every issue. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
  options: Omit<IssueOptions, "schema"> = {},
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error, input, { ...options, schema });
  throw new ValidationFailed(`invalid ${what}: ${plural(issues.length, "problem")}`, issues);
}
