/** One problem with one field of a request. */
export interface FieldIssue {
  /** Position of the item in the request array, when the body is a batch. */
  index?: number;
  field: string;
  problem: string;
  fix: string;
}

/**
 * HTTP errors as data: each has a status, a stable snake_case code, a
 * message that names the subject, the value, the limit and the fix, and at
 * least one issue. The app's error handler turns every one into
 * `{"error": {code, message}, "issues": [...], ...extra}`, the shape the
 * README promises for every error.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[],
    readonly extra: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    return { error: { code: this.code, message: this.message }, issues: this.issues, ...this.extra };
  }
}

/**
 * Builds the issue of an error thrown with only a message. A message
 * written as "problem; fix" is split there, and otherwise `fix` is the fix.
 */
export function issueFromMessage(field: string, message: string, fix: string): FieldIssue {
  const at = message.lastIndexOf("; ");
  if (at === -1) return { field, problem: message, fix };
  return { field, problem: message.slice(0, at), fix: message.slice(at + 2) };
}

function asList(issues: FieldIssue | FieldIssue[]): FieldIssue[] {
  return Array.isArray(issues) ? issues : [issues];
}

export class ValidationFailed extends HttpError {
  constructor(message: string, issues: FieldIssue[]) {
    super(400, "validation_failed", message, issues);
  }
}

export class Unauthorized extends HttpError {
  constructor(message: string, issues?: FieldIssue | FieldIssue[]) {
    const fallback = issueFromMessage(
      "Authorization",
      message,
      "send the header Authorization: Bearer <token> with the admin token or a valid ingest token",
    );
    super(401, "unauthorized", message, asList(issues ?? fallback));
  }
}

export class Forbidden extends HttpError {
  constructor(message: string, issues?: FieldIssue | FieldIssue[]) {
    const fallback = issueFromMessage("Authorization", message, "use a token allowed to make this request");
    super(403, "forbidden", message, asList(issues ?? fallback));
  }
}

export class NotFound extends HttpError {
  constructor(message: string, issues?: FieldIssue | FieldIssue[]) {
    const fallback = issueFromMessage("(path)", message, "check the id in the URL");
    super(404, "not_found", message, asList(issues ?? fallback));
  }
}

/** Builds the 404 of a location id in the URL that is not registered. */
export function locationNotFound(id: string): NotFound {
  return new NotFound(`location "${id}" is not registered; register it with POST /v1/locations`, {
    field: "id",
    problem: `location ${JSON.stringify(id)} is not registered`,
    fix: "register it with POST /v1/locations, or correct the id in the URL",
  });
}

export class Conflict extends HttpError {
  constructor(message: string, issues?: FieldIssue | FieldIssue[]) {
    const fallback = issueFromMessage("(request)", message, "read the current state, then send the request again");
    super(409, "conflict", message, asList(issues ?? fallback));
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(message: string, issues?: FieldIssue | FieldIssue[]) {
    const fallback = issueFromMessage("(body)", message, "send a smaller body");
    super(413, "payload_too_large", message, asList(issues ?? fallback));
  }
}

/** Some locations of a request failed; `failed` lists them with the reason. */
export class PartialFailure extends HttpError {
  constructor(message: string, extra: { failed: { locationId: string; reason: string }[] } & Record<string, unknown>) {
    const issues = extra.failed.map((failure) => ({
      field: "locationId",
      problem: `location ${failure.locationId} failed: ${failure.reason}`,
      fix: "resend the same request; what was applied is not applied twice",
    }));
    super(503, "partial_failure", message, issues, extra);
  }
}
