import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Sql } from '../db/connect.ts';
import type { OidcVerifier } from './oidc.ts';
import { routeOf } from '../http/request-context.ts';
import { appendAccessEvent, loggableId, type LoggableIdForm } from '../audit/append.ts';
import { Forbidden, refusalLogged, refusalToLog, TooManyRequests, Unauthorized } from '../errors.ts';
import { anonymousActor, type Actor, type Role } from './actor.ts';
import {
  principalFromBearer,
  principalFromSession,
  renewSession,
  type AuthKeys,
  type Origin,
  type Principal,
  type SessionClaims,
} from './sessions.ts';
import { sessionLifetimeSeconds } from './tokens.ts';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | undefined;
    session: SessionClaims | undefined;
    sql: Sql;
    /** requireRole logged this request's refusal itself. */
    denialLogged: boolean;
    /** This request was the first over the anonymous limit (one log entry says so). */
    anonymousLimited: boolean;
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
export function authenticate(deps: {
  sql: Sql;
  keys: AuthKeys;
  cookieSecure: boolean;
  oidc?: OidcVerifier;
  anonymousRequestsPerMinute?: number;
}): MiddlewareHandler {
  const anonymousLimit = createAnonymousLimit(deps.anonymousRequestsPerMinute ?? defaultAnonymousRequestsPerMinute);
  return async (c, next) => {
    c.set('sql', deps.sql);
    const authorization = c.req.header('authorization');
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice(7).trim();
      const principal = (await principalFromBearer(deps.sql, deps.keys, token)) ?? (await deps.oidc?.(deps.sql, token));
      if (!principal) {
        anonymousLimit(c);
        throw invalidToken();
      }
      c.set('principal', principal);
      return next();
    }
    const token = getCookie(c, sessionCookie);
    if (token) {
      const resolved = await principalFromSession(deps.sql, deps.keys, token);
      if (resolved) {
        // Known before the CSRF check, so that its refusal is logged with the session's user.
        c.set('principal', resolved.principal);
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
    if (!c.get('principal')) anonymousLimit(c);
    return next();
  };
}

export const defaultAnonymousRequestsPerMinute = 120;

/**
 * Requests without a valid session or token, per client address and minute. Each refused one is
 * an access-log entry kept for years, so without a limit anyone could fill the log (~300 entries/s
 * were possible). Over the limit the answer is 429 and nothing is logged; one entry records that
 * the address was limited. Counted in this process's memory: several processes each allow this many.
 */
function createAnonymousLimit(perMinute: number): (c: Context) => void {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return (c) => {
    const ip = c.get('clientIp');
    if (!ip) return; // in-process calls (app.request) have no address
    const now = Date.now();
    let window = windows.get(ip);
    if (!window || now - window.startedAt >= 60_000) {
      if (windows.size >= 50_000) for (const [key, old] of windows) if (now - old.startedAt >= 60_000) windows.delete(key);
      window = { startedAt: now, count: 0 };
      windows.set(ip, window);
    }
    window.count += 1;
    if (window.count <= perMinute) return;
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + 60_000 - now) / 1000));
    if (window.count === perMinute + 1) c.set('anonymousLimited', true);
    throw refusalLogged(new TooManyRequests(retryAfter));
  };
}

/**
 * Logs every refused access that no one logged yet (SPEC §5): CSRF refusals, invalid bearer
 * tokens, a municipality asking for another municipality, an administrator reaching into another
 * region. Registered before `authenticate`, so its refusals are seen too.
 */
export function logRefusals(sql: Sql): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.get('anonymousLimited')) {
      await appendAccessEvent(sql, anonymousActor, {
        action: routeOf(c),
        actionType: 'R',
        objectType: 'route',
        objectId: null,
        result: 'denied',
        details: { reason: 'anonymous_rate_limited' },
        origin: originOf(c),
      });
      return;
    }
    const error = c.error;
    if (!refusalToLog(error) || c.get('denialLogged')) return;
    await appendAccessEvent(sql, c.get('principal')?.actor ?? anonymousActor, {
      action: routeOf(c),
      actionType: c.req.method === 'GET' ? 'R' : 'U',
      ...loggedObjectOf(c),
      result: 'denied',
      details: { reason: error.code, kind: error.kind },
      origin: originOf(c),
    });
  };
}

function markDenialLogged(c: Context): void {
  c.set('denialLogged', true);
}

function invalidToken() {
  return new Unauthorized('invalid_token', {
    nl: 'Het toegangstoken is ongeldig of verlopen. Vraag een nieuw token aan via /api/v1/auth/token.',
    en: 'The access token is invalid or expired. Request a new one at /api/v1/auth/token.',
  });
}

export function originOf(c: Context): Origin {
  return { ip: c.get('clientIp') ?? null, requestId: c.get('requestId') ?? null };
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

/** What a route parameter may be logged as (append.ts loggableId); unknown names are not logged. */
const parameterForms: Record<string, LoggableIdForm> = {
  id: 'number',
  actionId: 'number',
  clientId: 'clientId',
  code: 'period',
  file: 'fileName',
};

/**
 * The object a refused request aimed at, fit for the log: the route's id parameters in their
 * expected form (the last one names the object), never the raw path a caller wrote.
 */
export function loggedObjectOf(c: Context): { objectType: string; objectId: string | null } {
  const params = c.req.param() as Record<string, string>;
  const names = Object.keys(params).filter((name) => name in parameterForms);
  const last = names.at(-1);
  return { objectType: 'route', objectId: last ? loggableId(params[last], parameterForms[last]!) : null };
}

export async function logDenied(c: Context, actor: Actor, reason: string): Promise<void> {
  await appendAccessEvent(c.get('sql'), actor, {
    action: routeOf(c),
    actionType: c.req.method === 'GET' ? 'R' : 'U',
    ...loggedObjectOf(c),
    result: 'denied',
    details: { reason },
    origin: originOf(c),
  });
  markDenialLogged(c);
}

/** The acting principal of a route guarded by requireRole. */
export function principalOf(c: Context): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Unauthorized();
  return principal;
}
