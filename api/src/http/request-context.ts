import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes, routePath } from 'hono/route';
import type { Logger } from 'pino';

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}

const acceptableRequestId = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (a caller's X-Request-Id is kept when it is harmless). */
export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && acceptableRequestId.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    await next();
    c.res.headers.set('X-Request-Id', id);
  };
}

/**
 * The route pattern a request matched (`GET /api/v1/dialogues/:id`), or `(no route)`: what logs
 * name instead of the path, which is text of the caller's choosing (a name, a BSN, kilobytes).
 */
export function routeOf(c: Context): string {
  // The first route (not a middleware, not the web app's catch-all) the path matched: also right
  // when a middleware refused the request before the route ran.
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL' && r.path !== '/*' && r.path !== '*');
  return `${c.req.method} ${route?.path ?? (routePath(c) || '(no route)')}`;
}

/** One structured line per request: the route pattern, never the path, bodies, query strings, cookies or auth headers. */
export function requestLogger(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        route: routeOf(c),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}
