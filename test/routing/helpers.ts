import { compileRouting, type CompiledRouting } from "../../src/routing/compile";
import type { RoutingDocumentInput } from "../../src/routing/document-schema";
import { parseRoutingDocument } from "../../src/routing/parse-document";

/** Validates and compiles a document, failing the test on any issue. */
export function compile(document: RoutingDocumentInput): CompiledRouting {
  const result = parseRoutingDocument(document);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return compileRouting(result.document);
}

/** Receivers with no channels, enough for routing tests. */
export function receivers(...names: string[]) {
  return names.map((name) => ({ name }));
}
