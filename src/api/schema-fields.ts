/**
 * The fields an object schema accepts, found by walking a zod schema along
 * an issue's path, and the accepted field a misspelled key most likely meant.
 * They turn an unknown-key issue into a fix that lists the accepted fields.
 */
import type { z } from "zod";

type Path = readonly PropertyKey[];
type AnySchema = z.core.$ZodType;

/** Reads the value at a path of the input, or undefined where the path leaves it. */
export function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The parts of a zod definition the schema walk reads. Other keys are ignored. */
interface LooseDef {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  getter?: () => AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  items?: AnySchema[];
  valueType?: AnySchema;
  values?: unknown[];
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"]);
const MAX_UNWRAP_STEPS = 32;

// NOTE: this reads zod's internal definitions (`_zod.def` of zod 4.6). If an
// upgrade renames them, the walk finds no object and the fix falls back to
// the generic text. It does not throw.
function defOf(schema: AnySchema | undefined): LooseDef {
  const def = (schema as { _zod?: { def?: unknown } } | undefined)?._zod?.def;
  return (def ?? { type: "unknown" }) as LooseDef;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Strips wrappers and picks the union member that fits `value`. */
function unwrap(schema: AnySchema, value: unknown): AnySchema {
  let current = schema;
  for (let step = 0; step < MAX_UNWRAP_STEPS; step++) {
    const def = defOf(current);
    let next: AnySchema | undefined;
    if (WRAPPERS.has(def.type)) next = def.innerType;
    else if (def.type === "pipe") next = def.in && defOf(def.in).type === "transform" ? def.out : def.in;
    else if (def.type === "lazy") next = def.getter?.();
    else if (def.type === "union") next = memberFor(def, value);
    if (!next) return current;
    current = next;
  }
  return current;
}

function memberFor(def: LooseDef, value: unknown): AnySchema | undefined {
  if (!isRecord(value)) return undefined;
  const objects = (def.options ?? []).filter((option) => defOf(unwrap(option, value)).type === "object");
  if (!def.discriminator) return objects[0];
  const tag = value[def.discriminator];
  return objects.find((option) => {
    const property = defOf(unwrap(option, value)).shape?.[def.discriminator!];
    return property !== undefined && (defOf(property).values ?? []).includes(tag);
  });
}

function childSchema(schema: AnySchema, key: PropertyKey): AnySchema | undefined {
  const def = defOf(schema);
  if (def.type === "object") return def.shape?.[String(key)];
  if (def.type === "array") return def.element;
  if (def.type === "tuple") return def.items?.[Number(key)];
  if (def.type === "record") return def.valueType;
  return undefined;
}

/** Lists the fields the object schema at `path` accepts, or undefined if none is found. */
export function acceptedKeys(schema: AnySchema, input: unknown, path: Path): string[] | undefined {
  let current: AnySchema | undefined = schema;
  let value = input;
  for (const key of path) {
    current = childSchema(unwrap(current, value), key);
    if (!current) return undefined;
    value = valueAt(value, [key]);
  }
  const def = defOf(unwrap(current, value));
  return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Returns the accepted field an unknown key most likely meant: one within
 * two edits, or one sharing a prefix of at least three characters and half
 * the shorter name, as `monday` with `mon` or `locations` with `locationIds`.
 */
export function likelyMeant(key: string, accepted: string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of accepted) {
    const candidate = name.toLowerCase();
    const prefix = commonPrefixLength(lower, candidate);
    const shorter = Math.min(lower.length, candidate.length);
    const distance = editDistance(lower, candidate);
    if (distance > 2 && (prefix < 3 || prefix * 2 < shorter)) continue;
    const score = distance - prefix;
    if (!best || score < best.score) best = { name, score };
  }
  return best?.name;
}
