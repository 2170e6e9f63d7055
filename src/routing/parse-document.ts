import type { z } from "zod";
import {
  RoutingDocumentSchema,
  type RoutingDocument,
} from "./document-schema";

/** One validation failure, located by its path inside the document. */
export interface DocumentIssue {
  /** Such as `route.routes[2].matchers[0]`; empty for the whole document. */
  path: string;
  message: string;
}

export type ParseDocumentResult =
  | { ok: true; document: RoutingDocument }
  | { ok: false; issues: DocumentIssue[] };

/** Formats a zod issue path the way the document is written. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** Lists zod issues as path and message pairs. */
export function documentIssues(error: z.ZodError): DocumentIssue[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
}

/**
 * Validates an uploaded routing document. Returns every issue found, each
 * with the path it sits at, instead of throwing.
 */
export function parseRoutingDocument(value: unknown): ParseDocumentResult {
  const result = RoutingDocumentSchema.safeParse(value);
  if (result.success) return { ok: true, document: result.data };
  return { ok: false, issues: documentIssues(result.error) };
}
