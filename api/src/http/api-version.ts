/**
 * The Logius API Design Rules (API-57): every answer names the full version of the API in an
 * `API-Version` header, the same semver as `info.version` in the contract. The major version is
 * also in every path (/api/v1); minor and patch change without breaking clients.
 */
import type { MiddlewareHandler } from 'hono';

export const apiVersion = '1.0.0';

export const apiVersionHeaderName = 'API-Version';

/** The shared header component every response of the contract refers to. */
export const apiVersionHeader = {
  description: 'The full version of the API (semver) that answered, as info.version in this contract',
  required: true,
  schema: { type: 'string' as const, pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$', example: apiVersion },
};

/** Sets `API-Version` on every answer of the routes below it, refusals and errors included. */
export function apiVersionHeaderOnEveryAnswer(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set(apiVersionHeaderName, apiVersion);
  };
}
