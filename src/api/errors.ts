/**
 * HTTP errors as data: each has a status, a stable snake_case code and a
 * message that names the subject, the value, the limit and the fix. The app's
 * error handler turns every one into `{"error": {code, message}, ...extra}`.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    return { error: { code: this.code, message: this.message }, ...this.extra };
  }
}

/** One problem with one field of a request body. */
export interface FieldIssue {
  /** Position of the item in the request array, when the body is a batch. */
  index?: number;
  field: string;
  problem: string;
  fix: string;
}

export class ValidationFailed extends HttpError {
  constructor(message: string, issues: FieldIssue[]) {
    super(400, "validation_failed", message, { issues });
  }
}

export class Unauthorized extends HttpError {
  constructor(message: string) {
    super(401, "unauthorized", message);
  }
}

export class Forbidden extends HttpError {
  constructor(message: string) {
    super(403, "forbidden", message);
  }
}

export class NotFound extends HttpError {
  constructor(message: string) {
    super(404, "not_found", message);
  }
}

export class Conflict extends HttpError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(message: string) {
    super(413, "payload_too_large", message);
  }
}

export class PartialFailure extends HttpError {
  constructor(message: string, extra: Record<string, unknown>) {
    super(503, "partial_failure", message, extra);
  }
}
