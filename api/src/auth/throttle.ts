import { createHmac } from 'node:crypto';
import type { Sql } from '../db/connect.ts';

/**
 * Slows password and secret guessing without letting an attacker keep the real user out (issue 15).
 *
 * Every attempt is counted *before* it is checked, in the statement that applies the limit, so
 * parallel guesses each see the ones before them. Three counters, all in `login_throttle`:
 *  - per account and source: 5 free failures, then 2^(n-5) s between attempts (at most 15 min).
 *    The source is the browser's device cookie (set at a successful login) or else the address.
 *    An attacker elsewhere therefore slows only itself.
 *  - per account, over sources without a device cookie: 30 failures an hour, so many addresses
 *    (a botnet) do not multiply the guesses; a browser that logged in before is not affected.
 *  - per address, over all accounts: 50 failures in 15 minutes (spraying one password over many
 *    accounts); a device cookie is not affected either, so behind a shared address the users who
 *    logged in before still get in.
 * API clients skip the per-account cap: their secrets are 256 random bits, so no rate makes
 * guessing feasible, while a cap would let anyone who knows a client id stop a provider's system.
 * Unknown accounts take exactly the same path (the account is an HMAC of what was typed), so a
 * 429 does not tell which e-mail addresses exist.
 */
export const freeFailures = 5;
export const maxPairDelaySeconds = 15 * 60;
export const accountWindowSeconds = 60 * 60;
export const accountMaxFailures = 30;
export const addressWindowSeconds = 15 * 60;
export const addressMaxFailures = 50;

export interface ThrottleSource {
  /** The resolved client address (TRUSTED_PROXIES applied), or null when unknown. */
  ip: string | null;
  /** The device id from a valid device cookie for this account, if any. */
  deviceId?: string;
}

/** The counters an attempt took; give them back when it succeeds. */
export interface Reservation {
  account: string;
  pairSource: string;
  windows: { account: string; source: string }[];
}

export class Throttled extends Error {
  constructor(
    public readonly retryAfterSeconds: number,
    public readonly reason: 'account_source' | 'account' | 'address',
  ) {
    super('throttled');
  }
}

/** What the throttle keys an account by: an HMAC, so the table holds no e-mail address or client id. */
export function throttleAccountKey(secret: Uint8Array, kind: 'user' | 'client', typed: string): string {
  return createHmac('sha256', secret).update(`login-throttle\0${kind}\0${typed}`).digest('base64url').slice(0, 32);
}

function addressSource(ip: string | null): string {
  return `ip:${ip ?? 'unknown'}`;
}

/**
 * Counts the attempt against each counter that applies, or throws Throttled (having counted
 * nothing further) when one is exhausted.
 */
export async function reserveAttempt(
  sql: Sql,
  account: string,
  source: ThrottleSource,
  options: { accountCap?: boolean } = {},
): Promise<Reservation> {
  const pairSource = source.deviceId ? `device:${source.deviceId}` : addressSource(source.ip);
  const [pair] = await sql`insert into login_throttle (account, source, failures, window_started_at, last_failed_at)
      values (${account}, ${pairSource}, 1, now(), now())
    on conflict (account, source) do update set failures = login_throttle.failures + 1, last_failed_at = now()
      where login_throttle.failures < ${freeFailures}
        or login_throttle.last_failed_at <= now() - make_interval(secs => least(power(2, login_throttle.failures - ${freeFailures}), ${maxPairDelaySeconds}))
    returning failures`;
  if (!pair) {
    const [row] =
      await sql`select failures, extract(epoch from now() - last_failed_at)::float8 as since from login_throttle where account = ${account} and source = ${pairSource}`;
    const delay = Math.min(2 ** (Number(row.failures) - freeFailures), maxPairDelaySeconds);
    throw new Throttled(Math.max(1, Math.ceil(delay - Number(row.since))), 'account_source');
  }
  const reservation: Reservation = { account, pairSource, windows: [] };
  if (source.deviceId) return reservation;
  // A device cookie proves an earlier successful login from this browser: the wider caps are for
  // sources the portal has not seen succeed.
  const windows = [
    ...(options.accountCap === false ? [] : [[account, '*', accountWindowSeconds, accountMaxFailures, 'account'] as const]),
    ['*', addressSource(source.ip), addressWindowSeconds, addressMaxFailures, 'address'] as const,
  ];
  for (const [windowAccount, windowSource, seconds, max, reason] of windows) {
    const [counted] = await sql`insert into login_throttle (account, source, failures, window_started_at, last_failed_at)
        values (${windowAccount}, ${windowSource}, 1, now(), now())
      on conflict (account, source) do update set
        failures = case when login_throttle.window_started_at <= now() - make_interval(secs => ${seconds}) then 1 else login_throttle.failures + 1 end,
        window_started_at = case when login_throttle.window_started_at <= now() - make_interval(secs => ${seconds}) then now() else login_throttle.window_started_at end,
        last_failed_at = now()
        where login_throttle.window_started_at <= now() - make_interval(secs => ${seconds}) or login_throttle.failures < ${max}
      returning failures`;
    if (!counted) {
      const [row] =
        await sql`select extract(epoch from now() - window_started_at)::float8 as age from login_throttle where account = ${windowAccount} and source = ${windowSource}`;
      throw new Throttled(Math.max(1, Math.ceil(seconds - Number(row.age))), reason);
    }
    reservation.windows.push({ account: windowAccount, source: windowSource });
  }
  return reservation;
}

/** A successful attempt: its own source starts afresh, and it does not count against the caps. */
export async function releaseAttempt(sql: Sql, reservation: Reservation): Promise<void> {
  await sql`delete from login_throttle where account = ${reservation.account} and source = ${reservation.pairSource}`;
  for (const window of reservation.windows) {
    await sql`update login_throttle set failures = greatest(failures - 1, 0) where account = ${window.account} and source = ${window.source}`;
  }
  // Old rows carry no information once every limit on them has run out.
  await sql`delete from login_throttle where last_failed_at < now() - make_interval(secs => ${Math.max(accountWindowSeconds, maxPairDelaySeconds) * 2})`;
}
