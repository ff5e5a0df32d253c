/**
 * Domain errors, thrown by services and mapped to RFC 9457 problem details once, in the error
 * handler. Every message exists in Dutch and English because our users read Dutch and our
 * auditors and suppliers often read English.
 */

export interface LocalizedText {
  nl: string;
  en: string;
}

export interface ProblemItem {
  row?: number;
  field?: string;
  value?: string;
  code: string;
  message: LocalizedText;
}

export class DomainError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly localized: LocalizedText,
    public readonly items: ProblemItem[] = [],
    public readonly extra: Record<string, unknown> = {},
    public readonly headers: Record<string, string> = {},
  ) {
    super(localized.en);
    this.name = new.target.name;
  }
}

export class BadRequest extends DomainError {
  constructor(code: string, message: LocalizedText, items: ProblemItem[] = [], extra: Record<string, unknown> = {}) {
    super(400, code, message, items, extra);
  }
}

export class Unauthorized extends DomainError {
  constructor(code = 'unauthenticated', message: LocalizedText = {
    nl: 'U bent niet ingelogd of uw sessie is verlopen. Log opnieuw in.',
    en: 'You are not logged in or your session has expired. Please log in again.',
  }) {
    super(401, code, message);
  }
}

export class Forbidden extends DomainError {
  constructor(code = 'forbidden', message: LocalizedText = {
    nl: 'U heeft geen toegang tot deze gegevens.',
    en: 'You do not have access to this data.',
  }) {
    super(403, code, message);
  }
}

export class NotFound extends DomainError {
  constructor(code = 'not_found', message: LocalizedText = {
    nl: 'Niet gevonden.',
    en: 'Not found.',
  }) {
    super(404, code, message);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: LocalizedText, extra: Record<string, unknown> = {}) {
    super(409, code, message, [], extra);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor(received: string, allowed: string[]) {
    super(415, 'unsupported_media_type', {
      nl: `Het inhoudstype "${received}" wordt hier niet geaccepteerd. Gebruik ${allowed.join(' of ')}.`,
      en: `Content type "${received}" is not accepted here. Use ${allowed.join(' or ')}.`,
    });
  }
}

export class ValidationFailed extends DomainError {
  constructor(items: ProblemItem[], extra: Record<string, unknown> = {}, message: LocalizedText = {
    nl: 'De invoer is niet geldig. Zie de lijst met fouten.',
    en: 'The input is not valid. See the list of errors.',
  }) {
    super(422, 'validation_failed', message, items, extra);
  }
}

export class TooManyRequests extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'too_many_requests', {
      nl: `Te veel pogingen. Probeer het over ${retryAfterSeconds} seconden opnieuw.`,
      en: `Too many attempts. Try again in ${retryAfterSeconds} seconds.`,
    }, [], { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(retryAfterSeconds = 5) {
    super(503, 'service_unavailable', {
      nl: 'De database is tijdelijk niet bereikbaar. Probeer het zo opnieuw.',
      en: 'The database is temporarily unavailable. Please try again shortly.',
    }, [], {}, { 'Retry-After': String(retryAfterSeconds) });
  }
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
    status: error.status,
    detail: error.localized.nl,
    code: error.code,
    message: error.localized,
    instance,
    ...(requestId ? { requestId } : {}),
    ...(error.items.length > 0 ? { errors: error.items } : {}),
  };
}

/**
 * SPEC §5: every refused access is logged. Refusals with 401 or 403 are logged centrally
 * (auth/middleware.ts `logRefusals`); two marks adjust that:
 *  - `accessDenial`: a refusal with another status that is an access attempt all the same (an
 *    administrator asking for an account of another region gets 404, so as not to confirm it exists);
 *  - `refusalLogged`: the service already wrote its own, more precise entry (login, dialogues).
 */
const accessDenials = new WeakSet<DomainError>();
const loggedRefusals = new WeakSet<DomainError>();

export function accessDenial<E extends DomainError>(error: E): E {
  accessDenials.add(error);
  return error;
}
export function refusalLogged<E extends DomainError>(error: E): E {
  loggedRefusals.add(error);
  return error;
}
/** True when the central refusal log must still write an entry for this error. */
export function refusalToLog(error: unknown): error is DomainError {
  return error instanceof DomainError && (error.status === 401 || error.status === 403 || accessDenials.has(error)) && !loggedRefusals.has(error);
}
