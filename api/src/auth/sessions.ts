import type { Me } from '../../../schemas/auth.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { refusalLogged, TooManyRequests, Unauthorized } from '../errors.ts';
import type { Actor, Role } from './actor.ts';
import { anonymousActor } from './actor.ts';
import { verifyPassword } from './passwords.ts';
import { openSecret } from './secret-box.ts';
import { randomUUID } from 'node:crypto';
import { throttleAccountKey, reserveAttempt, releaseAttempt, Throttled, type Reservation } from './throttle.ts';
import {
  accessTokenLifetimeSeconds,
  deviceTokenLifetimeSeconds,
  sessionAbsoluteLifetimeSeconds,
  sessionLifetimeSeconds,
  signToken,
  verifyToken,
} from './tokens.ts';
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

// Logged by the login itself, with the reason (password, totp, ...): the central refusal log skips it.
const wrongCredentials = refusalLogged(
  new Unauthorized('login_failed', {
    nl: 'Inloggen mislukt: e-mailadres, wachtwoord of code uit de authenticator-app klopt niet. Een code werkt één keer: wacht zo nodig op de volgende.',
    en: 'Login failed: e-mail address, password or authenticator code is not correct. A code works once: wait for the next one if needed.',
  }),
);

export interface LoginResult {
  principal: Principal;
  token: string;
  expiresAt: Date;
  /** The device cookie for this browser and account (throttle.ts): the browser keeps it for later logins. */
  deviceToken: string;
}

export async function login(
  sql: Sql,
  keys: AuthKeys,
  input: { email: string; password: string; totp: string },
  origin: Origin,
  deviceToken?: string,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  // Known or not, every address takes the same path: the throttle answers alike (no enumeration).
  const account = throttleAccountKey(keys.secretBoxKey, 'user', email);
  const device = deviceToken ? await verifyToken(keys.tokenSigningKey, 'device+jwt', deviceToken) : undefined;
  const deviceId = device && device.sub === account ? device.jti : undefined;
  const candidates = await sql`select u.id, u.email, u.display_name, u.role, u.password_hash, u.totp_secret_sealed,
      u.disabled_at, u.region_code,
      o.id as organisation_id, o.kind as organisation_kind, o.code as organisation_code, o.name as organisation_name
    from users u join organisations o on o.id = u.organisation_id where u.email = ${email} order by u.id`;

  let reservation: Reservation;
  try {
    reservation = await reserveAttempt(sql, account, { ip: origin.ip, deviceId });
  } catch (error) {
    if (!(error instanceof Throttled)) throw error;
    await logLoginDenied(sql, origin, { reason: `throttled_${error.reason}` }, candidates[0]);
    throw new TooManyRequests(error.retryAfterSeconds);
  }

  // The same address may have an account in more than one region; the password tells which.
  let user: (typeof candidates)[number] | undefined;
  for (const candidate of candidates) {
    if (await verifyPassword(input.password, candidate.passwordHash as string)) {
      user = candidate;
      break;
    }
  }
  if (candidates.length === 0) await verifyPassword(input.password, dummyHash); // same time for unknown addresses
  const step = user ? totpStepOf(openSecret(keys.secretBoxKey, user.totpSecretSealed as string), input.totp, Date.now()) : null;
  // A code counts once, and never one older than the last accepted (RFC 6238 §5.2): taken in the
  // same statement that checks it, so two logins with one code cannot both pass.
  const [fresh] =
    user && step !== null && !user.disabledAt
      ? await sql`update users set last_totp_step = ${step}, failed_logins = 0, last_failed_login_at = null
          where id = ${user.id} and (last_totp_step is null or last_totp_step < ${step}) returning id`
      : [];
  if (!user || step === null || !fresh || user.disabledAt) {
    // Shown to administrators (accounts list): failures since the last successful login.
    for (const candidate of candidates)
      await sql`update users set failed_logins = failed_logins + 1, last_failed_login_at = now() where id = ${candidate.id}`;
    const reason =
      candidates.length === 0
        ? 'unknown_account'
        : !user
          ? 'password'
          : step === null
            ? 'totp'
            : user.disabledAt
              ? 'disabled'
              : 'totp_used';
    await logLoginDenied(sql, origin, { reason }, user ?? candidates[0]);
    throw wrongCredentials;
  }
  await releaseAttempt(sql, reservation);

  const principal = principalFromUserRow(user);
  const sessionId = randomUUID();
  await sql`insert into sessions (id, user_id, expires_at) values (${sessionId}, ${user.id}, now() + make_interval(secs => ${sessionAbsoluteLifetimeSeconds}))`;
  const { token, expiresAt } = await signToken(keys.tokenSigningKey, 'session+jwt', `user:${user.id}`, sessionLifetimeSeconds, {
    sid: sessionId,
  });
  principal.me.sessionExpiresAt = expiresAt.toISOString();
  const renewedDevice =
    deviceId && deviceToken
      ? deviceToken
      : (await signToken(keys.tokenSigningKey, 'device+jwt', account, deviceTokenLifetimeSeconds)).token;
  await appendAccessEvent(sql, principal.actor, {
    action: 'auth.login',
    actionType: 'R',
    objectType: 'user',
    objectId: String(user.id),
    result: 'allowed',
    origin,
  });
  return { principal, token, expiresAt, deviceToken: renewedDevice };
}

// Compared against when the account does not exist, so timing does not reveal which e-mails exist.
const dummyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The attempted e-mail is personal data of a possibly non-existent person: only the account id is logged. */
async function logLoginDenied(
  sql: Sql,
  origin: Origin,
  details: Record<string, unknown>,
  user: Record<string, unknown> | undefined,
): Promise<void> {
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
  await appendAccessEvent(sql, actor, {
    action: 'auth.logout',
    actionType: 'U',
    objectType: 'user',
    objectId: actor.id,
    result: 'allowed',
    origin,
  });
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
export async function principalFromSession(
  sql: Sql,
  keys: AuthKeys,
  token: string,
): Promise<{ principal: Principal; claims: SessionClaims } | undefined> {
  const claims = await verifyToken(keys.tokenSigningKey, 'session+jwt', token);
  if (!claims?.sub.startsWith('user:') || typeof claims.sid !== 'string') return undefined;
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
export async function renewSession(
  sql: Sql,
  keys: AuthKeys,
  principal: Principal,
  session: SessionClaims,
): Promise<{ token: string; expiresAt: Date } | undefined> {
  const left = Math.floor(session.sessionEnd - Date.now() / 1000);
  if (left <= 0) return undefined;
  const renewed = await signToken(
    keys.tokenSigningKey,
    'session+jwt',
    `user:${principal.actor.id}`,
    Math.min(sessionLifetimeSeconds, left),
    { sid: session.sid },
  );
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
  const account = throttleAccountKey(keys.secretBoxKey, 'client', input.clientId);
  let reservation: Reservation;
  try {
    reservation = await reserveAttempt(sql, account, { ip: origin.ip }, { accountCap: false });
  } catch (error) {
    if (!(error instanceof Throttled)) throw error;
    await appendAccessEvent(sql, anonymousActor, {
      action: 'auth.token',
      actionType: 'R',
      objectType: 'api_client',
      result: 'denied',
      details: { reason: `throttled_${error.reason}` },
      origin,
    });
    throw new TooManyRequests(error.retryAfterSeconds);
  }
  const [client] = await sql`select c.id, c.client_id, c.secret_hash, c.scopes, c.disabled_at, o.code as organisation_code, o.region_code
    from api_clients c join organisations o on o.id = c.organisation_id where c.client_id = ${input.clientId}`;
  const ok = client
    ? await verifyPassword(input.clientSecret, client.secretHash as string)
    : await verifyPassword(input.clientSecret, dummyHash);
  const granted = (client?.scopes as string[] | undefined) ?? [];
  const requested = input.scope ? input.scope.split(' ').filter(Boolean) : granted;
  if (!client || !ok || client.disabledAt || requested.some((s) => !granted.includes(s))) {
    await appendAccessEvent(sql, anonymousActor, {
      action: 'auth.token',
      actionType: 'R',
      objectType: 'api_client',
      // Only an id the portal issued is logged; whatever else was typed stays out of the log.
      objectId: client ? (client.clientId as string) : null,
      result: 'denied',
      details: { reason: !client ? 'unknown_client' : !ok ? 'secret' : client.disabledAt ? 'disabled' : 'scope' },
      origin,
    });
    throw refusalLogged(
      new Unauthorized('invalid_client', {
        nl: 'Onbekende client, verkeerd geheim of een scope die deze client niet heeft.',
        en: 'Unknown client, wrong secret, or a scope this client does not have.',
      }),
    );
  }
  await releaseAttempt(sql, reservation);
  const scope = requested.join(' ');
  const { token } = await signToken(keys.tokenSigningKey, 'at+jwt', `client:${client.clientId}`, accessTokenLifetimeSeconds, { scope });
  const principal = await principalFromClient(sql, client.clientId as string, requested);
  await appendAccessEvent(sql, principal!.actor, {
    action: 'auth.token',
    actionType: 'R',
    objectType: 'api_client',
    objectId: client.clientId as string,
    result: 'allowed',
    origin,
  });
  return { accessToken: token, expiresIn: accessTokenLifetimeSeconds, scope };
}

export async function principalFromBearer(sql: Sql, keys: AuthKeys, token: string): Promise<Principal | undefined> {
  const claims = await verifyToken(keys.tokenSigningKey, 'at+jwt', token);
  if (!claims?.sub.startsWith('client:')) return undefined;
  return principalFromClient(
    sql,
    claims.sub.slice(7),
    String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean),
  );
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
  const organisationCode =
    (user.organisationCode as string | null) ?? (user.organisationKind === 'service_bureau' ? 'servicebureau' : null);
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
