import type { MiddlewareHandler } from 'hono';
import { UnsupportedMediaType } from '../errors.ts';

/** 415 with the accepted types named, before a body is parsed as something it is not. */
export function requireContentType(...allowed: string[]): MiddlewareHandler {
  return async (c, next) => {
    const received = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!allowed.includes(received)) throw new UnsupportedMediaType(received || '(none)', allowed);
    return next();
  };
}
