import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { BadRequest, DomainError, NotFound, ServiceUnavailable } from '../errors.ts';
import { httpHeadersOf, httpStatusOf, kindOfHttpStatus, problemDocument } from './problems.ts';

/** The one place where errors become HTTP answers: RFC 9457, bilingual, never a stack trace. */
export function createErrorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    const domainError = toDomainError(error);
    if (httpStatusOf(domainError) >= 500) {
      logger.error(
        { requestId: c.get('requestId'), err: { name: error.name, message: error.message, stack: error.stack } },
        'request failed',
      );
    }
    return problemResponse(c, domainError);
  };
}

export const notFoundHandler: NotFoundHandler = (c) =>
  problemResponse(
    c,
    new NotFound('route_not_found', {
      nl: `Er bestaat geen ${c.req.method} ${c.req.path}. Zie /api/v1/openapi.yaml voor alle routes.`,
      en: `There is no ${c.req.method} ${c.req.path}. See /api/v1/openapi.yaml for all routes.`,
    }),
  );

export function problemResponse(c: Context, error: DomainError): Response {
  const body = problemDocument(error, c.req.path, c.get('requestId'));
  return new Response(JSON.stringify(body), {
    status: httpStatusOf(error),
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      ...httpHeadersOf(error),
    },
  });
}

function toDomainError(error: Error): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400 && /json/i.test(error.message)) {
      return new BadRequest('malformed_json', {
        nl: "De JSON in de aanvraag is ongeldig. Controleer komma's, aanhalingstekens en haakjes.",
        en: 'The JSON in the request body is malformed. Check commas, quotes and brackets.',
      });
    }
    if (error.status === 413) {
      return new DomainError('too_large', 'payload_too_large', {
        nl: 'Het bestand of de aanvraag is te groot.',
        en: 'The file or request is too large.',
      });
    }
    return new DomainError(kindOfHttpStatus(error.status), 'http_error', { nl: error.message, en: error.message });
  }
  if (isDatabaseUnavailable(error)) return new ServiceUnavailable();
  return new DomainError('internal', 'internal_error', {
    nl: 'Er ging iets mis aan onze kant. De fout is vastgelegd; probeer het later opnieuw.',
    en: 'Something went wrong on our side. The error has been recorded; please try again later.',
  });
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ENOENT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
]);

function isDatabaseUnavailable(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return code !== undefined && unavailableCodes.has(code);
}
