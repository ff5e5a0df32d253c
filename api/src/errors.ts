/**
 * Domain errors, thrown by services: what went wrong (a kind and a code) and what the user can do,
 * in Dutch and English because our users read Dutch and our auditors and suppliers often read
 * English. Mapped to RFC 9457 problem details once, in http/ (problems.ts, error-handler.ts).
 */

import type { LocalizedText } from '../../schemas/problem.ts';

export type { LocalizedText };

export interface ProblemItem {
  row?: number;
  field?: string;
  value?: string;
  code: string;
  message: LocalizedText;
}

/**
 * What kind of refusal or failure it is; http/problems.ts answers each kind with its HTTP status,
 * so that services say what went wrong and never how HTTP spells it.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'timeout'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'precondition_required'
  | 'too_many_requests'
  | 'headers_too_large'
  | 'internal'
  | 'unavailable';

/** Facts about a refusal that the answer carries beside its body (http/ turns them into headers). */
export interface ErrorHints {
  retryAfterSeconds?: number;
  /** The request body may not have been read to its end: the connection cannot be reused. */
  closeConnection?: boolean;
}

export class DomainError extends Error {
  constructor(
    public readonly kind: ErrorKind,
    public readonly code: string,
    public readonly localized: LocalizedText,
    public readonly items: ProblemItem[] = [],
    public readonly extra: Record<string, unknown> = {},
    public readonly hints: ErrorHints = {},
  ) {
    super(localized.en);
    this.name = new.target.name;
  }
}

export class BadRequest extends DomainError {
  constructor(code: string, message: LocalizedText, items: ProblemItem[] = [], extra: Record<string, unknown> = {}) {
    super('bad_request', code, message, items, extra);
  }
}

export class Unauthorized extends DomainError {
  constructor(
    code = 'unauthenticated',
    message: LocalizedText = {
      nl: 'U bent niet ingelogd of uw sessie is verlopen. Log opnieuw in.',
      en: 'You are not logged in or your session has expired. Please log in again.',
    },
  ) {
    super('unauthenticated', code, message);
  }
}

export class Forbidden extends DomainError {
  constructor(
    code = 'forbidden',
    message: LocalizedText = {
      nl: 'U heeft geen toegang tot deze gegevens.',
      en: 'You do not have access to this data.',
    },
  ) {
    super('forbidden', code, message);
  }
}

export class NotFound extends DomainError {
  constructor(
    code = 'not_found',
    message: LocalizedText = {
      nl: 'Niet gevonden.',
      en: 'Not found.',
    },
  ) {
    super('not_found', code, message);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: LocalizedText, extra: Record<string, unknown> = {}) {
    super('conflict', code, message, [], extra);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor(received: string, allowed: string[]) {
    super('unsupported_media_type', 'unsupported_media_type', {
      nl: `Het inhoudstype "${received}" wordt hier niet geaccepteerd. Gebruik ${allowed.join(' of ')}.`,
      en: `Content type "${received}" is not accepted here. Use ${allowed.join(' or ')}.`,
    });
  }
}

export class ValidationFailed extends DomainError {
  constructor(
    items: ProblemItem[],
    extra: Record<string, unknown> = {},
    message: LocalizedText = {
      nl: 'De invoer is niet geldig. Zie de lijst met fouten.',
      en: 'The input is not valid. See the list of errors.',
    },
  ) {
    super('unprocessable', 'validation_failed', message, items, extra);
  }
}

/** A wait as people say it: "1 seconde", "45 seconden", "3 minuten" (whole minutes from two minutes on, rounded up). */
export function waitInWords(seconds: number): LocalizedText {
  if (seconds < 120) return seconds === 1 ? { nl: '1 seconde', en: '1 second' } : { nl: `${seconds} seconden`, en: `${seconds} seconds` };
  const minutes = Math.ceil(seconds / 60);
  return { nl: `${minutes} minuten`, en: `${minutes} minutes` };
}

export class TooManyRequests extends DomainError {
  constructor(retryAfterSeconds: number) {
    const wait = waitInWords(retryAfterSeconds);
    super(
      'too_many_requests',
      'too_many_requests',
      {
        nl: `Te veel pogingen. Probeer het over ${wait.nl} opnieuw.`,
        en: `Too many attempts. Try again in ${wait.en}.`,
      },
      [],
      { retryAfter: retryAfterSeconds },
      { retryAfterSeconds },
    );
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(retryAfterSeconds = 5) {
    super(
      'unavailable',
      'service_unavailable',
      {
        nl: 'De database is tijdelijk niet bereikbaar. Probeer het zo opnieuw.',
        en: 'The database is temporarily unavailable. Please try again shortly.',
      },
      [],
      {},
      { retryAfterSeconds },
    );
  }
}

/**
 * SPEC §5: every refused access is logged. Refusals of kind unauthenticated or forbidden are
 * logged centrally (auth/middleware.ts `logRefusals`); two marks adjust that:
 *  - `accessDenial`: a refusal of another kind that is an access attempt all the same (an
 *    administrator asking for an account of another region gets not_found, so as not to confirm it exists);
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
  return (
    error instanceof DomainError &&
    (error.kind === 'unauthenticated' || error.kind === 'forbidden' || accessDenials.has(error)) &&
    !loggedRefusals.has(error)
  );
}
