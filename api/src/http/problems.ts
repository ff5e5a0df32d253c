/**
 * Domain errors (../errors.ts) as HTTP answers: each kind's status and headers, and the RFC 9457
 * problem document, in one place.
 */
import type { DomainError, ErrorKind, LocalizedText, ProblemItem } from '../errors.ts';

export { DomainError } from '../errors.ts';
export type { LocalizedText, ProblemItem } from '../errors.ts';

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  timeout: 408,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  precondition_required: 428,
  too_many_requests: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
};

export function httpStatusOf(error: DomainError): number {
  return statusByKind[error.kind];
}

/** The kind an HTTP status of a framework error stands for (Hono's HTTPException). */
export function kindOfHttpStatus(status: number): ErrorKind {
  const found = (Object.entries(statusByKind) as [ErrorKind, number][]).find(([, code]) => code === status);
  return found ? found[0] : status >= 500 ? 'internal' : 'bad_request';
}

export function httpHeadersOf(error: DomainError): Record<string, string> {
  return {
    ...(error.hints.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.hints.retryAfterSeconds) } : {}),
    ...(error.hints.closeConnection ? { connection: 'close' } : {}),
  };
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  message: LocalizedText;
  instance?: string;
  requestId?: string;
  errors?: ProblemItem[];
  [extra: string]: unknown;
}

export function problemDocument(error: DomainError, instance: string, requestId: string | undefined): ProblemDocument {
  return {
    // Extension members first: none may overwrite a member RFC 9457 defines (a dialogue's own
    // `status` once replaced the HTTP status here).
    ...error.extra,
    type: `/problems/${error.code}`,
    title: error.localized.en,
    status: httpStatusOf(error),
    detail: error.localized.nl,
    code: error.code,
    message: error.localized,
    instance,
    ...(requestId ? { requestId } : {}),
    ...(error.items.length > 0 ? { errors: error.items } : {}),
  };
}
