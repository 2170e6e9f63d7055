import { expect } from "vitest";

/** One entry of an error answer's `issues`. */
export interface Issue {
  index?: number;
  field: string;
  problem: string;
  fix: string;
}

/**
 * Returns the issue at `field` (and `index`, when given) of an error body,
 * failing the test when there is none or its problem or fix is empty.
 */
export function issueAt(body: { issues?: Issue[] }, field: string, index?: number): Issue {
  const issues = body.issues ?? [];
  const issue = issues.find((i) => i.field === field && (index === undefined || i.index === index));
  expect(issue, `no issue at ${field} in ${JSON.stringify(issues)}`).toBeDefined();
  expect(issue!.problem.length).toBeGreaterThan(0);
  expect(issue!.fix.length).toBeGreaterThan(0);
  return issue!;
}
