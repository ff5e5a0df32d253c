import type { Me } from '../../../schemas/auth.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { TooManyRequests, Unauthorized } from '../http/problems.ts';
import type { Actor, Role } from './actor.ts';
import { anonymousActor } from './actor.ts';
import { verifyPassword } from './passwords.ts';
import { openSecret } from './secret-box.ts';
import { randomUUID } from 'node:crypto';
import { accessTokenLifetimeSeconds, sessionAbsoluteLifetimeSeconds, sessionLifetimeSeconds, signToken, verifyToken } from './tokens.ts';
import { totpStepOf } from './totp.ts';
import type { SigningKeys } from '../signing-keys.ts';

export interface AuthKeys {
  /** The current token-signing key, and the retired ones that still verify (signing-keys.ts). */
  tokenSigningKey: SigningKeys;
  secretBoxKey: Uint8Array;
}

export interface Origin {
  ip: string | null;
  requestId: string | null;
}

/** A subject known to the portal: what an actor and /me are built from. */
export interface Principal {
  actor: Actor;
  me: Me;
}

const wrongCredentials = new Unauthorized('login_failed', {
  nl: 'Inloggen mislukt: e-mailadres, wachtwoord of code uit de authenticator-app klopt niet. Een code werkt één keer: wacht zo nodig op de volgende.',
  en: 'Login failed: e-mail address, password or authenticator code is not correct. A code works once: wait for the next one if needed.',
});

/**
 * Throttling slows guessing without locking a real user out for good: after 5 failures an
 * account waits 2^(n-5) s (at most 15 minutes), and an IP gets at most 50 failures per 15 minutes.
 */
const freeFailures = 5;
const maxAccountDelaySeconds = 15 * 60;
const ipWindowSeconds = 15 * 60;
const ipMaxFailures = 50;

export function accountDelaySeconds(failures: number): number {
  return failures < freeFailures ? 0 : Math.min(2 ** (failures - freeFailures), maxAccountDelaySeconds);
}

export async function login(
  sql: Sql,
  keys: AuthKeys,
  input: { email: string; password: string; totp: string },
  origin: Origin,
): Promise<{ principal: Principal; token: string; expiresAt: Date }> {
  const email = input.email.trim().toLowerCase();
  await refuseThrottledIp(sql, origin);

  const [user] = await sql`select u.id, u.email, u.display_name, u.role, u.password_hash, u.totp_secret_sealed,
      u.disabled_at, u.failed_logins, u.last_failed_login_at, u.region_code,
      o.id as organisation_id, o.kind as organisation_kind, o.code as organisation_code, o.name as organisation_name
    from users u join organisations o on o.id = u.organisation_id where u.email = ${email}`;

  if (user) {
    // Count the attempt before checking it, in one statement: parallel guesses each see the ones
    // before them (read, verify, then count let 44 parallel codes through). A correct login
    // resets the count below.
    const [reserved] = await sql`update users set failed_logins = failed_logins + 1, last_failed_login_at = now()
      where id = ${user.id} and (failed_logins < ${freeFailures} or last_failed_login_at is null
        or last_failed_login_at <= now() - make_interval(secs => least(power(2, failed_logins - ${freeFailures}), ${maxAccountDelaySeconds})))
      returning id`;
    if (!reserved) {
      const [now] = await sql`select failed_logins, last_failed_login_at from users where id = ${user.id}`;
      const delay = accountDelaySeconds(Number(now.failedLogins));
      const since = now.lastFailedLoginAt ? (Date.now() - (now.lastFailedLoginAt as Date).getTime()) / 1000 : Infinity;
      await logLoginDenied(sql, origin, { reason: 'throttled' }, user);
      throw new TooManyRequests(Math.max(1, Math.ceil(delay - since)));
    }
  }

  const passwordOk = user ? await verifyPassword(input.password, user.passwordHash as string) : await verifyPassword(input.password, dummyHash);
  const step = user && passwordOk ? totpStepOf(openSecret(keys.secretBoxKey, user.totpSecretSealed as string), input.totp, Date.now()) : null;
  // A code counts once, and never one older than the last accepted (RFC 6238 §5.2): taken in the
  // same statement that checks it, so two logins with one code cannot both pass.
  const [fresh] =
    user && step !== null && !user.disabledAt
      ? await sql`update users set last_totp_step = ${step}, failed_logins = 0, last_failed_login_at = null
          where id = ${user.id} and (last_totp_step is null or last_totp_step < ${step}) returning id`
      : [];
  if (!user || !passwordOk || step === null || !fresh || user.disabledAt) {
    await recordFailure(sql, origin, undefined); // the account's attempt was counted above
    const reason = !user ? 'unknown_account' : !passwordOk ? 'password' : step === null ? 'totp' : user.disabledAt ? 'disabled' : 'totp_used';
    await logLoginDenied(sql, origin, { reason }, user);
    throw wrongCredentials;
  }

  const principal = principalFromUserRow(user);
  const sessionId = randomUUID();
  await sql`insert into sessions (id, user_id, expires_at) values (${sessionId}, ${user.id}, now() + make_interval(secs => ${sessionAbsoluteLifetimeSeconds}))`;
  const { token, expiresAt } = await signToken(keys.tokenSigningKey, 'session+jwt', `user:${user.id}`, sessionLifetimeSeconds, { sid: sessionId });
  principal.me.sessionExpiresAt = expiresAt.toISOString();
  await appendAccessEvent(sql, principal.actor, {
    action: 'auth.login',
    actionType: 'R',
    objectType: 'user',
    objectId: String(user.id),
    result: 'allowed',
    origin,
  });
  return { principal, token, expiresAt };
}

// Compared against when the account does not exist, so timing does not reveal which e-mails exist.
const dummyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

async function refuseThrottledIp(sql: Sql, origin: Origin): Promise<void> {
  if (!origin.ip) return;
  const [row] = await sql`select failures, window_started_at from login_throttle_ips where ip = ${origin.ip}`;
  if (!row) return;
  const age = (Date.now() - (row.windowStartedAt as Date).getTime()) / 1000;
  if (age < ipWindowSeconds && (row.failures as number) >= ipMaxFailures) {
    await appendAccessEvent(sql, anonymousActor, { action: 'auth.login', actionType: 'R', result: 'denied', details: { reason: 'ip_throttled' }, origin });
    throw new TooManyRequests(Math.ceil(ipWindowSeconds - age));
  }
}

async function recordFailure(sql: Sql, origin: Origin, userId: number | undefined): Promise<void> {
  if (userId !== undefined) {
    await sql`update users set failed_logins = failed_logins + 1, last_failed_login_at = now() where id = ${userId}`;
  }
  if (origin.ip) {
    await sql`insert into login_throttle_ips (ip, failures, window_started_at) values (${origin.ip}, 1, now())
      on conflict (ip) do update set
        failures = case when login_throttle_ips.window_started_at < now() - make_interval(secs => ${ipWindowSeconds}) then 1 else login_throttle_ips.failures + 1 end,
        window_started_at = case when login_throttle_ips.window_started_at < now() - make_interval(secs => ${ipWindowSeconds}) then now() else login_throttle_ips.window_started_at end`;
  }
}

/** The attempted e-mail is personal data of a possibly non-existent person: only the account id is logged. */
async function logLoginDenied(sql: Sql, origin: Origin, details: Record<string, unknown>, user: Record<string, unknown> | undefined): Promise<void> {
  await appendAccessEvent(sql, anonymousActor, {
    action: 'auth.login',
    actionType: 'R',
    objectType: 'user',
    objectId: user ? String(user.id) : null,
    result: 'denied',
    details,
    origin,
  });
}

/** Ends the whole session: every token of it, renewed or copied, is refused from now on. */
export async function logout(sql: Sql, session: SessionClaims, actor: Actor, origin: Origin): Promise<void> {
  await sql`update sessions set revoked_at = now() where id = ${session.sid} and revoked_at is null`;
  await sql`insert into revoked_tokens (jti, expires_at) values (${session.jti}, to_timestamp(${session.exp}))
    on conflict do nothing`;
  await sql`delete from revoked_tokens where expires_at < now()`;
  await appendAccessEvent(sql, actor, { action: 'auth.logout', actionType: 'U', objectType: 'user', objectId: actor.id, result: 'allowed', origin });
}

/** Ends every session of a user (a reset second factor, a changed role): they must log in again. */
export async function endSessionsOf(sql: Queryable, userId: string | number): Promise<void> {
  await sql`update sessions set revoked_at = now() where user_id = ${userId} and revoked_at is null`;
}

export interface SessionClaims {
  jti: string;
  exp: number;
  iat: number;
  /** The session (token family) id. */
  sid: string;
  /** When the session ends whatever happens (epoch seconds). */
  sessionEnd: number;
}

/** Resolves a session cookie to a principal; undefined when expired, revoked, ended, disabled or forged. */
export async function principalFromSession(sql: Sql, keys: AuthKeys, token: string): Promise<{ principal: Principal; claims: SessionClaims } | undefined> {
  const claims = await verifyToken(keys.tokenSigningKey, 'session+jwt', token);
  if (!claims || !claims.sub.startsWith('user:') || typeof claims.sid !== 'string') return undefined;
  // One round trip per request: the user, unless the session ended or this token was revoked.
  const [user] = await sql`select u.id, u.email, u.display_name, u.role, u.region_code, u.disabled_at,
      o.id as organisation_id, o.kind as organisation_kind, o.code as organisation_code, o.name as organisation_name,
      extract(epoch from s.expires_at)::float8 as session_end
    from users u join organisations o on o.id = u.organisation_id
    join sessions s on s.id = ${claims.sid} and s.user_id = u.id and s.revoked_at is null and s.expires_at > now()
    where u.id = ${Number(claims.sub.slice(5))}
      and not exists (select 1 from revoked_tokens where jti = ${claims.jti} and effective_at <= now())`;
  if (!user || user.disabledAt) return undefined;
  const principal = principalFromUserRow(user);
  principal.me.sessionExpiresAt = new Date(claims.exp * 1000).toISOString();
  return { principal, claims: { jti: claims.jti, exp: claims.exp, iat: claims.iat, sid: claims.sid, sessionEnd: Number(user.sessionEnd) } };
}

/**
 * A new token of the same session, never past the session's end; the old token is refused after a
 * short grace (requests the browser sent before it got the new cookie), so a copy of it is worth
 * little.
 */
export async function renewSession(sql: Sql, keys: AuthKeys, principal: Principal, session: SessionClaims): Promise<{ token: string; expiresAt: Date } | undefined> {
  const left = Math.floor(session.sessionEnd - Date.now() / 1000);
  if (left <= 0) return undefined;
  const renewed = await signToken(keys.tokenSigningKey, 'session+jwt', `user:${principal.actor.id}`, Math.min(sessionLifetimeSeconds, left), { sid: session.sid });
  await sql`insert into revoked_tokens (jti, expires_at, effective_at) values (${session.jti}, to_timestamp(${session.exp}), now() + make_interval(secs => ${renewalGraceSeconds}))
    on conflict do nothing`;
  return renewed;
}
/** How long a renewed token's predecessor still works. */
export const renewalGraceSeconds = 30;

/** OAuth2 client credentials (RFC 6749 §4.4) for provider systems. */
export async function issueClientToken(
  sql: Sql,
  keys: AuthKeys,
  input: { clientId: string; clientSecret: string; scope?: string },
  origin: Origin,
): Promise<{ accessToken: string; expiresIn: number; scope: string }> {
  await refuseThrottledIp(sql, origin);
  const [client] = await sql`select c.id, c.client_id, c.secret_hash, c.scopes, c.disabled_at, o.code as organisation_code, o.region_code
    from api_clients c join organisations o on o.id = c.organisation_id where c.client_id = ${input.clientId}`;
  const ok = client ? await verifyPassword(input.clientSecret, client.secretHash as string) : await verifyPassword(input.clientSecret, dummyHash);
  const granted = (client?.scopes as string[] | undefined) ?? [];
  const requested = input.scope ? input.scope.split(' ').filter(Boolean) : granted;
  if (!client || !ok || client.disabledAt || requested.some((s) => !granted.includes(s))) {
    await recordFailure(sql, origin, undefined);
    await appendAccessEvent(sql, anonymousActor, {
      action: 'auth.token',
      actionType: 'R',
      objectType: 'api_client',
      objectId: client ? (client.clientId as string) : null,
      result: 'denied',
      details: { reason: !client ? 'unknown_client' : !ok ? 'secret' : client.disabledAt ? 'disabled' : 'scope' },
      origin,
    });
    throw new Unauthorized('invalid_client', {
      nl: 'Onbekende client, verkeerd geheim of een scope die deze client niet heeft.',
      en: 'Unknown client, wrong secret, or a scope this client does not have.',
    });
  }
  const scope = requested.join(' ');
  const { token } = await signToken(keys.tokenSigningKey, 'at+jwt', `client:${client.clientId}`, accessTokenLifetimeSeconds, { scope });
  const principal = await principalFromClient(sql, client.clientId as string, requested);
  await appendAccessEvent(sql, principal!.actor, { action: 'auth.token', actionType: 'R', objectType: 'api_client', objectId: client.clientId as string, result: 'allowed', origin });
  return { accessToken: token, expiresIn: accessTokenLifetimeSeconds, scope };
}

export async function principalFromBearer(sql: Sql, keys: AuthKeys, token: string): Promise<Principal | undefined> {
  const claims = await verifyToken(keys.tokenSigningKey, 'at+jwt', token);
  if (!claims || !claims.sub.startsWith('client:')) return undefined;
  return principalFromClient(sql, claims.sub.slice(7), String(claims.scope ?? '').split(' ').filter(Boolean));
}

async function principalFromClient(sql: Queryable, clientId: string, scopes: string[]): Promise<Principal | undefined> {
  const [client] = await sql`select c.client_id, c.disabled_at, o.id as organisation_id, o.code as organisation_code,
      o.name as organisation_name, o.region_code
    from api_clients c join organisations o on o.id = c.organisation_id where c.client_id = ${clientId}`;
  if (!client || client.disabledAt) return undefined;
  const actor: Actor = {
    type: 'client',
    id: clientId,
    role: 'provider',
    organisationId: Number(client.organisationId),
    organisationCode: client.organisationCode as string,
    regionCode: client.regionCode as string,
    scopes,
  };
  return {
    actor,
    me: {
      type: 'client',
      id: clientId,
      email: null,
      displayName: null,
      role: 'provider',
      organisation: { kind: 'provider', code: client.organisationCode as string, name: client.organisationName as string },
      region: client.regionCode as string,
      scopes,
      sessionExpiresAt: null,
    },
  };
}

function principalFromUserRow(user: Record<string, unknown>): Principal {
  const role = user.role as Role;
  const organisationCode = (user.organisationCode as string | null) ?? (user.organisationKind === 'service_bureau' ? 'servicebureau' : null);
  const actor: Actor = {
    type: 'user',
    id: String(user.id),
    role,
    organisationId: Number(user.organisationId),
    organisationCode,
    regionCode: user.regionCode as string,
    scopes: [],
  };
  return {
    actor,
    me: {
      type: 'user',
      id: String(user.id),
      email: user.email as string,
      displayName: (user.displayName as string) || null,
      role,
      organisation: {
        kind: user.organisationKind as Me['organisation']['kind'],
        code: (user.organisationCode as string | null) ?? null,
        name: user.organisationName as string,
      },
      region: user.regionCode as string,
      scopes: [],
      sessionExpiresAt: null,
    },
  };
}
