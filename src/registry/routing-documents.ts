import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { routingDocuments } from "../db/schema";
import { compileRouting, type CompiledRouting } from "../routing/compile";
import { DEFAULT_ROUTING_DOCUMENT } from "../routing/default-document";
import type { RoutingDocument } from "../routing/document-schema";
import { parseRoutingDocument } from "../routing/parse-document";
import { open, seal, type SealContext } from "../secrets/seal";
import { redactDocument } from "./redact-document";

/** The version number of the built-in document, in force before uploads. */
export const DEFAULT_ROUTING_VERSION = 0;

/** Decrypted documents kept per isolate; versions never change once saved. */
const MAX_CACHED_VERSIONS = 8;

/**
 * How long an isolate trusts its last look at the version in force. An
 * upload applies at once in its own isolate and within this in the others.
 */
export const VERSION_RECHECK_MS = 1_000;

let versionSeen: { version: number; atMs: number } | null = null;

/** A routing document ready to route with, and where it came from. */
export interface LoadedRouting {
  version: number;
  document: RoutingDocument;
  routing: CompiledRouting;
}

/** A stored version as the API shows it, with secrets redacted. */
export interface RoutingVersionInfo {
  version: number;
  createdAt: number;
  createdBy: string;
  document: unknown;
}

function sealContext(version: number): SealContext {
  return { purpose: "routing", associatedData: `version ${version}` };
}

const cache = new Map<number, Promise<LoadedRouting>>();

function remember(version: number, loaded: Promise<LoadedRouting>) {
  if (cache.size >= MAX_CACHED_VERSIONS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(version, loaded);
  // A failed load must not stay cached: the next call tries again.
  loaded.catch(() => cache.delete(version));
}

function compileStored(version: number, input: unknown): LoadedRouting {
  const parsed = parseRoutingDocument(input);
  if (!parsed.ok) {
    // Every stored version passed validation on upload, so a schema change
    // has made it invalid. The paths in the message show what to fix.
    const paths = parsed.issues.map((i) => i.path || "(document)");
    throw new Error(
      `stored routing version ${version} no longer validates at ` +
        `${paths.join(", ")}; upload a corrected document`,
    );
  }
  const document = parsed.document;
  return { version, document, routing: compileRouting(document) };
}

async function fetchVersion(env: Env, version: number): Promise<LoadedRouting> {
  if (version === DEFAULT_ROUTING_VERSION) {
    return compileStored(version, DEFAULT_ROUTING_DOCUMENT);
  }
  const row = await drizzle(env.DB)
    .select({ sealed: routingDocuments.sealed })
    .from(routingDocuments)
    .where(eq(routingDocuments.version, version))
    .get();
  if (!row) throw new Error(`routing version ${version} not found`);
  const text = await open(env.SECRETS_KEY, sealContext(version), row.sealed);
  return compileStored(version, JSON.parse(text));
}

/** Loads one stored version, decrypted and compiled, cached per isolate. */
export function loadRoutingVersion(
  env: Env,
  version: number,
): Promise<LoadedRouting> {
  let loaded = cache.get(version);
  if (!loaded) {
    loaded = fetchVersion(env, version);
    remember(version, loaded);
  }
  return loaded;
}

/**
 * Returns the number of the version in force, 0 before any upload, read
 * from D1 at most once per `VERSION_RECHECK_MS` in each isolate.
 */
export async function routingVersionInForce(env: Env): Promise<number> {
  const nowMs = Date.now();
  if (versionSeen && nowMs - versionSeen.atMs < VERSION_RECHECK_MS) {
    return versionSeen.version;
  }
  const version = await readVersionInForce(env);
  versionSeen = { version, atMs: nowMs };
  return version;
}

async function readVersionInForce(env: Env): Promise<number> {
  const row = await drizzle(env.DB)
    .select({ version: routingDocuments.version })
    .from(routingDocuments)
    .orderBy(desc(routingDocuments.version))
    .limit(1)
    .get();
  return row?.version ?? DEFAULT_ROUTING_VERSION;
}

/**
 * Loads the routing document in force. Decrypting and compiling happen
 * once per version and isolate.
 */
export async function loadRoutingInForce(env: Env): Promise<LoadedRouting> {
  return loadRoutingVersion(env, await routingVersionInForce(env));
}

/** Raised when an upload names a version other than the one in force. */
export class RoutingVersionConflict extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `routing version ${actual} is in force, not ${expected}; fetch it, ` +
        "merge your change and upload again",
    );
    this.name = "RoutingVersionConflict";
  }
}

/** An upload: the document as sent and the result of validating it. */
export interface RoutingUpload {
  input: unknown;
  document: RoutingDocument;
  createdBy: string;
  nowMs: number;
  /** When set, the upload fails unless this version is in force. */
  expectedVersion?: number;
}

/**
 * Stores a validated document as the next version, sealed. Two concurrent
 * uploads race for the same version number; the loser gets a conflict.
 */
export async function saveRoutingDocument(
  env: Env,
  upload: RoutingUpload,
): Promise<number> {
  const current = await readVersionInForce(env);
  if (
    upload.expectedVersion !== undefined &&
    upload.expectedVersion !== current
  ) {
    throw new RoutingVersionConflict(upload.expectedVersion, current);
  }
  const version = current + 1;
  const text = JSON.stringify(upload.input);
  const sealed = await seal(env.SECRETS_KEY, sealContext(version), text);
  const redacted = redactDocument(upload.input, upload.document);
  const inserted = await drizzle(env.DB)
    .insert(routingDocuments)
    .values({
      version,
      sealed,
      redacted,
      createdAt: upload.nowMs,
      createdBy: upload.createdBy,
    })
    .onConflictDoNothing()
    .returning({ version: routingDocuments.version });
  if (inserted.length === 0) {
    throw new RoutingVersionConflict(current, version);
  }
  versionSeen = { version, atMs: Date.now() };
  return version;
}

/** Returns a stored version with secrets redacted, or the built-in one. */
export async function describeRoutingVersion(
  env: Env,
  version?: number,
): Promise<RoutingVersionInfo | null> {
  const wanted = version ?? (await routingVersionInForce(env));
  if (wanted === DEFAULT_ROUTING_VERSION) {
    return {
      version: DEFAULT_ROUTING_VERSION,
      createdAt: 0,
      createdBy: "built-in",
      document: DEFAULT_ROUTING_DOCUMENT,
    };
  }
  const row = await drizzle(env.DB)
    .select()
    .from(routingDocuments)
    .where(eq(routingDocuments.version, wanted))
    .get();
  if (!row) return null;
  const { version: v, createdAt, createdBy, redacted } = row;
  return { version: v, createdAt, createdBy, document: redacted };
}
