import type { z } from "zod";

/** An error that becomes an HTTP response with a message safe to show to the user. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 401: nobody is signed in. */
export class UnauthenticatedError extends HttpError {
  constructor(message = "Sign in to continue.") {
    super(401, message);
  }
}

/** 403: signed in, but this account may not do this. */
export class ForbiddenError extends HttpError {
  constructor(message = "You do not have permission to do this.") {
    super(403, message);
  }
}

/** 404: the thing does not exist (or the id is malformed). */
export class NotFoundError extends HttpError {
  constructor(message = "Not found.") {
    super(404, message);
  }
}

/** 400: the input is invalid; `issues` name each field. */
export class ValidationError extends HttpError {
  constructor(message: string, issues?: { path: string; message: string }[]) {
    super(400, message, issues);
  }
}

/** 409: the request conflicts with the current state (e.g. the last owner leaving). */
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

/** 429: too many attempts. */
export class RateLimitError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}

/** Parses `input` with a zod schema, turning failures into a ValidationError that names fields. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  throw new ValidationError(`Invalid input — ${summary}`, issues);
}
