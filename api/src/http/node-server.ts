/**
 * The Node HTTP server under the app: timeouts that cut off slow or stalled clients, and a
 * bilingual problem answer (instead of Node's bare "400 Bad Request") for requests that Node's
 * parser refuses before the app ever sees them (a Content-Length that is not a number, both
 * Content-Length and Transfer-Encoding, a body that never arrives).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { DomainError } from '../errors.ts';
import { httpStatusOf, problemDocument } from './problems.ts';

export interface HttpTimeouts {
  /** All request headers must arrive within this time (slowloris on the headers). */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this time (a body sent byte by byte). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above: a timeout fires up to this much late. */
  checkIntervalMs: number;
}

export const defaultHttpTimeouts: HttpTimeouts = {
  headersTimeoutMs: 20_000,
  // 5 minutes carries the largest upload (50 MB) over a line of about 1.5 Mbit/s. The time the
  // app takes to answer does not count: Node stops this clock once the request is complete.
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 5_000,
  // Node's default (30 s) would let a 20 s header timeout fire only after up to 50 s.
  checkIntervalMs: 2_000,
};

type FetchHandler = (request: Request, env?: object) => Response | Promise<Response>;

/** An HTTP server for the fetch handler (not yet listening), with the timeouts and answers above. */
export function createHttpServer(fetch: FetchHandler, options: { hostname?: string; timeouts?: HttpTimeouts } = {}): Server {
  const timeouts = options.timeouts ?? defaultHttpTimeouts;
  const listener = getRequestListener(fetch as Parameters<typeof getRequestListener>[0], {
    hostname: options.hostname,
    // A request the adapter cannot turn into a Request (an invalid Host header, say) would get a
    // bare 400 without a body; give it the same problem answer as everything else.
    errorHandler: (error) => problemAnswer(error instanceof RequestError ? malformed((error as Error).message) : internalError()),
  });
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    listener,
  );
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  const answered = new WeakSet<Socket>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Node re-emits for every further chunk a broken connection sends: answer once.
    if (answered.has(socket)) return;
    answered.add(socket);
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse & { req?: IncomingMessage } })._httpMessage;
    if (inFlight && !inFlight.headersSent && inFlight.req?.complete) {
      // The request before this one arrived whole (e.g. a Content-Length shorter than the body
      // sent, the rest parsed as a "next request"): its own answer goes out, then we close. An
      // immediate 400 here would hide what the app did with that request.
      inFlight.shouldKeepAlive = false;
      inFlight.once('finish', () => socket.destroySoon());
      inFlight.once('close', () => socket.destroy());
      return;
    }
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const problem = clientErrorProblem(error, timeouts);
    const body = JSON.stringify(withoutInstance(problemDocument(problem, '', undefined)));
    const head = [
      `HTTP/1.1 ${httpStatusOf(problem)} ${statusTexts[httpStatusOf(problem)] ?? 'Bad Request'}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'Connection: close',
    ];
    // end() rather than destroy(): an immediate close would reset the connection and the client
    // might never read the answer. A client that does not read it is cut off shortly after.
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => setTimeout(() => socket.destroy(), 1_000).unref());
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
  return server;
}

const statusTexts: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

function withoutInstance(document: ReturnType<typeof problemDocument>) {
  const { instance: _instance, ...rest } = document;
  return rest;
}

const seconds = (ms: number) => Math.round(ms / 1000);

function clientErrorProblem(error: NodeJS.ErrnoException, timeouts: HttpTimeouts): DomainError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError('timeout', 'request_timeout', {
        nl: `Het verzoek kwam niet op tijd binnen (de headers moeten binnen ${seconds(timeouts.headersTimeoutMs)} seconden binnen zijn, het hele bestand binnen ${seconds(timeouts.requestTimeoutMs)} seconden). Er is niets opgeslagen. Controleer de verbinding en verstuur het opnieuw.`,
        en: `The request did not arrive in time (headers must arrive within ${seconds(timeouts.headersTimeoutMs)} seconds, the whole file within ${seconds(timeouts.requestTimeoutMs)} seconds). Nothing was stored. Check the connection and send it again.`,
      });
    case 'HPE_INVALID_EOF_STATE':
      return new DomainError('bad_request', 'request_incomplete', {
        nl: 'De verbinding werd gesloten voordat het hele verzoek binnen was (minder bytes dan de Content-Length aankondigde). Er is niets opgeslagen. Verstuur het bestand opnieuw.',
        en: 'The connection was closed before the whole request arrived (fewer bytes than the Content-Length announced). Nothing was stored. Send the file again.',
      });
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError('headers_too_large', 'headers_too_large', {
        nl: 'De headers van het verzoek zijn te groot. Verwijder overbodige cookies of headers en probeer het opnieuw.',
        en: 'The request headers are too large. Remove unneeded cookies or headers and try again.',
      });
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new DomainError('too_large', 'chunk_extensions_too_large', {
        nl: 'De chunk-extensies in het verzoek zijn te groot. Verstuur het bestand zonder chunk-extensies.',
        en: 'The chunk extensions in the request are too large. Send the file without chunk extensions.',
      });
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new DomainError('bad_request', 'malformed_request', {
        nl: 'De Content-Length-header is geen geldig, niet-negatief geheel getal. Er is niets opgeslagen. Laat de HTTP-client de lengte zelf invullen.',
        en: 'The Content-Length header is not a valid non-negative whole number. Nothing was stored. Let the HTTP client fill in the length itself.',
      });
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return new DomainError('bad_request', 'malformed_request', {
        nl: 'Het verzoek heeft een ongeldige Transfer-Encoding, of zowel Content-Length als Transfer-Encoding. Er is niets opgeslagen. Gebruik één van beide.',
        en: 'The request has an invalid Transfer-Encoding, or both Content-Length and Transfer-Encoding. Nothing was stored. Use one of the two.',
      });
    default:
      return malformed((error as { reason?: string }).reason ?? error.code ?? 'invalid');
  }
}

const malformed = (reason: string) =>
  new DomainError('bad_request', 'malformed_request', {
    nl: `Het HTTP-verzoek kon niet worden gelezen (${reason}). Er is niets opgeslagen. Verstuur het opnieuw met een gangbare HTTP-client.`,
    en: `The HTTP request could not be read (${reason}). Nothing was stored. Send it again with a standard HTTP client.`,
  });

const internalError = () =>
  new DomainError('internal', 'internal_error', {
    nl: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.',
    en: 'Something went wrong on our side. Please try again later.',
  });

function problemAnswer(problem: DomainError): Response {
  return new Response(JSON.stringify(withoutInstance(problemDocument(problem, '', undefined))), {
    status: httpStatusOf(problem),
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
