import type { z } from "zod";
import { RoutingDocumentSchema } from "../../routing/document-schema";
import { formatIssuePath } from "../../routing/parse-document";
import type { FieldIssue } from "../errors";
import { describeIssue, splitMessage } from "../validation";

// Fields whose value is a credential; their issues never quote the value.
const SECRET_FIELDS = new Set(["url", "secret"]);

function isSecretField(path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  return path.includes("channels") && SECRET_FIELDS.has(String(last));
}

function fieldOf(path: readonly PropertyKey[]): string {
  return formatIssuePath(path) || "(document)";
}

/**
 * Converts routing document issues to field issues whose `field` is the
 * path inside the document as it is written, such as
 * `route.routes[2].matchers[0]`. A webhook URL or secret is never quoted.
 * The document's own messages end with their fix after "; ", as in
 * "receiver ops is not defined in receivers; ...". Others get a generic one.
 */
export function routingFieldIssues(
  error: z.ZodError,
  input: unknown,
): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "custom" || (isSecretField(issue.path) && issue.code === "invalid_format")) {
      const field = fieldOf(issue.path);
      return [{ field, ...splitMessage(issue.message, `correct ${field} and upload again`) }];
    }
    const described = describeIssue(issue, input, [], {
      schema: RoutingDocumentSchema,
      isSecret: isSecretField,
      formatPath: formatIssuePath,
    });
    return described.map(({ path, problem, fix }) => ({ field: fieldOf(path), problem, fix }));
  });
}
