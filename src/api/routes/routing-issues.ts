import type { z } from "zod";
import { formatIssuePath } from "../../routing/parse-document";
import type { FieldIssue } from "../errors";
import { toFieldIssues } from "../validation";

// The document's own messages end with their fix after "; ", as in
// "receiver ops is not defined in receivers; ...". Others get a generic one.
function splitMessage(message: string, field: string) {
  const at = message.lastIndexOf("; ");
  if (at === -1) {
    return { problem: message, fix: `correct ${field} and upload again` };
  }
  return { problem: message.slice(0, at), fix: message.slice(at + 2) };
}

// Fields whose value is a credential; their issues never quote the value.
const SECRET_FIELDS = new Set(["url", "secret"]);

function isSecretField(path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  return path.includes("channels") && SECRET_FIELDS.has(String(last));
}

/**
 * Converts routing document issues to field issues whose `field` is the
 * path inside the document as it is written, such as
 * `route.routes[2].matchers[0]`. A webhook URL or secret is never quoted.
 */
export function routingFieldIssues(
  error: z.ZodError,
  input: unknown,
): FieldIssue[] {
  const described = toFieldIssues(error, input);
  return error.issues.map((issue, i) => {
    const field = formatIssuePath(issue.path) || "(document)";
    if (issue.code === "custom" || isSecretField(issue.path)) {
      return { field, ...splitMessage(issue.message, field) };
    }
    const { problem, fix } = described[i];
    return { field, problem, fix };
  });
}
