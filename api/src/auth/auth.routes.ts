import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginRequestSchema, LoginResponseSchema, MeSchema, TokenRequestSchema, TokenResponseSchema } from '../../../schemas/auth.ts';
import type { Sql } from '../db/connect.ts';
import { requireContentType } from '../http/content-type.ts';
import { pickProblems } from '../http/router.ts';
import { roles } from './actor.ts';
import { originOf, principalOf, requireRole, sessionCookie, sessionCookieOptions } from './middleware.ts';
import { issueClientToken, login, logout, type AuthKeys } from './sessions.ts';
import { deviceTokenLifetimeSeconds, sessionLifetimeSeconds } from './tokens.ts';

/** Marks a browser that logged in to an account before; the login throttle treats it as its own source. */
const deviceCookie = 'rp_device';

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Log in with e-mail, password and a TOTP code; sets the session cookie',
  operationId: 'login',
  middleware: [requireContentType('application/json')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: LoginRequestSchema } } } },
  responses: {
    200: { description: 'Logged in', content: { 'application/json': { schema: LoginResponseSchema } } },
    ...pickProblems(400, 401, 415, 422, 429),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End the session (the token is revoked, not only forgotten)',
  operationId: 'logout',
  middleware: [requireRole(roles)] as const,
  responses: { 204: { description: 'Logged out' }, ...pickProblems(401, 403) },
});

const tokenRoute = createRoute({
  method: 'post',
  path: '/auth/token',
  tags: ['auth'],
  summary: 'OAuth2 client credentials for provider systems',
  operationId: 'issueToken',
  middleware: [requireContentType('application/x-www-form-urlencoded')] as const,
  request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: TokenRequestSchema } } } },
  responses: {
    200: { description: 'Access token', content: { 'application/json': { schema: TokenResponseSchema } } },
    ...pickProblems(400, 401, 415, 422, 429),
  },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'Who am I: role, organisation, region',
  operationId: 'getMe',
  middleware: [requireRole(roles)] as const,
  responses: { 200: { description: 'The caller', content: { 'application/json': { schema: MeSchema } } }, ...pickProblems(401) },
});

export function registerAuthRoutes(router: OpenAPIHono, deps: { sql: Sql; keys: AuthKeys; cookieSecure: boolean }): void {
  router.openapi(loginRoute, async (c) => {
    const result = await login(deps.sql, deps.keys, c.req.valid('json'), originOf(c), getCookie(c, deviceCookie));
    setCookie(c, sessionCookie, result.token, sessionCookieOptions(deps.cookieSecure, sessionLifetimeSeconds));
    // Sent back only to the login route: it marks this browser as one that logged in before.
    setCookie(c, deviceCookie, result.deviceToken, {
      ...sessionCookieOptions(deps.cookieSecure, deviceTokenLifetimeSeconds),
      path: '/api/v1/auth/login',
    });
    return c.json({ user: result.principal.me }, 200);
  });
  router.openapi(logoutRoute, async (c) => {
    const principal = principalOf(c);
    const session = c.get('session');
    if (session) await logout(deps.sql, session, principal.actor, originOf(c));
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.body(null, 204);
  });
  router.openapi(tokenRoute, async (c) => {
    const body = c.req.valid('form');
    const token = await issueClientToken(
      deps.sql,
      deps.keys,
      { clientId: body.client_id, clientSecret: body.client_secret, scope: body.scope },
      originOf(c),
    );
    return c.json({ access_token: token.accessToken, token_type: 'Bearer' as const, expires_in: token.expiresIn, scope: token.scope }, 200);
  });
  router.openapi(meRoute, (c) => c.json(principalOf(c).me, 200));
}
