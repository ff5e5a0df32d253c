import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Sql } from '../db/connect.ts';
import type { OidcVerifier } from './oidc.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { Forbidden, Unauthorized } from '../http/problems.ts';
import { anonymousActor, type Actor, type Role } from './actor.ts';
import { principalFromBearer, principalFromSession, renewSession, type AuthKeys, type Origin, type Principal, type SessionClaims } from './sessions.ts';
import { sessionLifetimeSeconds } from './tokens.ts';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | undefined;
    session: SessionClaims | undefined;
    sql: Sql;
  }
}

export const sessionCookie = 'rp_session';
/** Renew the session cookie when it is older than this, so an active user stays logged in. */
const renewAfterSeconds = 5 * 60;

export function sessionCookieOptions(secure: boolean, maxAge: number) {
  return { httpOnly: true, secure, sameSite: 'Strict' as const, path: '/', maxAge };
}

/**
 * Works out who is calling (session cookie or bearer token) for every request; routes then state
 * what they need with `requireRole`. Cookie-authenticated mutations must carry the
 * `X-Portal-Request` header (CSRF: a cross-site form cannot set it, and CORS is not enabled).
 */
export function authenticate(deps: { sql: Sql; keys: AuthKeys; cookieSecure: boolean; oidc?: OidcVerifier }): MiddlewareHandler {
  return async (c, next) => {
    c.set('sql', deps.sql);
    const authorization = c.req.header('authorization');
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice(7).trim();
      const principal = (await principalFromBearer(deps.sql, deps.keys, token)) ?? (await deps.oidc?.(deps.sql, token));
      if (!principal) throw invalidToken();
      c.set('principal', principal);
      return next();
    }
    const token = getCookie(c, sessionCookie);
    if (token) {
      const resolved = await principalFromSession(deps.sql, deps.keys, token);
      if (resolved) {
        if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && c.req.header('x-portal-request') !== '1') {
          throw new Forbidden('csrf_header_missing', {
            nl: 'Deze wijziging mist de kop X-Portal-Request: 1 (bescherming tegen cross-site verzoeken).',
            en: 'This change lacks the X-Portal-Request: 1 header (cross-site request protection).',
          });
        }
        c.set('principal', resolved.principal);
        c.set('session', resolved.claims);
        if (Date.now() / 1000 - resolved.claims.iat > renewAfterSeconds) {
          const renewed = await renewSession(deps.sql, deps.keys, resolved.principal, resolved.claims);
          if (renewed) {
            setCookie(c, sessionCookie, renewed.token, sessionCookieOptions(deps.cookieSecure, sessionLifetimeSeconds));
            resolved.principal.me.sessionExpiresAt = renewed.expiresAt.toISOString();
          }
        }
      }
    }
    return next();
  };
}

function invalidToken() {
  return new Unauthorized('invalid_token', {
    nl: 'Het toegangstoken is ongeldig of verlopen. Vraag een nieuw token aan via /api/v1/auth/token.',
    en: 'The access token is invalid or expired. Request a new one at /api/v1/auth/token.',
  });
}

export function originOf(c: Context): Origin {
  let ip: string | null = null;
  try {
    ip = getConnInfo(c).remote.address ?? null;
  } catch {
    ip = null; // app.request() in tests has no socket
  }
  return { ip, requestId: c.get('requestId') ?? null };
}

/** The route's access rule: who may call it (and, for API clients, with which scope). Denials are logged. */
export function requireRole(roles: readonly Role[], options: { scope?: string } = {}): MiddlewareHandler {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) {
      await logDenied(c, anonymousActor, 'unauthenticated');
      throw new Unauthorized();
    }
    const { actor } = principal;
    const scopeMissing = actor.type === 'client' && options.scope !== undefined && !actor.scopes.includes(options.scope);
    if (!actor.role || !roles.includes(actor.role) || scopeMissing) {
      await logDenied(c, actor, scopeMissing ? `scope ${options.scope} missing` : `role ${actor.role} not in ${roles.join(',')}`);
      throw new Forbidden();
    }
    return next();
  };
}

async function logDenied(c: Context, actor: Actor, reason: string): Promise<void> {
  await appendAccessEvent(c.get('sql'), actor, {
    action: `${c.req.method} ${c.req.routePath}`,
    actionType: c.req.method === 'GET' ? 'R' : 'U',
    objectType: 'route',
    objectId: c.req.path,
    result: 'denied',
    details: { reason },
    origin: originOf(c),
  });
}

/** The acting principal of a route guarded by requireRole. */
export function principalOf(c: Context): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Unauthorized();
  return principal;
}
