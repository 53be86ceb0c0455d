/**
 * The app's error hierarchy. Everything thrown inside the app is normalised by
 * `toAppError` and mapped to HTTP exactly once (platform/http.ts), so a client's
 * mistake is always a 4xx with `{error:{code,message}}` and never a stack trace.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DEPENDENCY_FAILED'
  | 'CONTENT_FILTERED'
  | 'STOPPED'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

export interface AppErrorOptions {
  retryable?: boolean;
  details?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('BAD_REQUEST', message, 400, { details });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super('UNAUTHORIZED', message, 401);
  }
}

/** Something the caller may not do: changing a sheet shared with the app's Smartsheet account as Viewer. */
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', message, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message, 404);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super('CONFLICT', message, 409, { details });
  }
}

export class DependencyError extends AppError {
  constructor(dependency: string, message: string, options: AppErrorOptions = {}) {
    super('DEPENDENCY_FAILED', `${dependency}: ${message}`, 503, { retryable: true, ...options });
  }
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super('CONFIG_INVALID', message, 500);
  }
}

/** Normalises anything thrown into an AppError; unknown errors become INTERNAL with a safe message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', 'Something went wrong on our side. It has been logged.', 500, { cause: error });
}

/** A short, log-safe description of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
