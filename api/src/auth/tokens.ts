import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { signingKeySet, verificationKeys, type SigningKeys } from '../signing-keys.ts';

/**
 * Portal-issued JWTs (jose): EdDSA or ES256 as the signing key dictates, typed (`typ`), with
 * iss/aud/exp/nbf always checked. Session tokens live in an httpOnly cookie; access tokens are
 * OAuth2 client-credentials bearers. Each names its key (`kid`); after a rotation the retired key
 * verifies the tokens it signed until they have expired, and nothing after that.
 */

export const tokenIssuer = 'urn:resultaatportaal';
export const tokenAudience = 'urn:resultaatportaal:api';
export const sessionLifetimeSeconds = 15 * 60;
/** However active a user is, a session ends this long after the login (a working day and a half). */
export const sessionAbsoluteLifetimeSeconds = 12 * 60 * 60;
export const accessTokenLifetimeSeconds = 10 * 60;
export const maxTokenLifetimeSeconds = Math.max(sessionLifetimeSeconds, accessTokenLifetimeSeconds);
/** A retired token key verifies for the longest token lifetime after its retirement, plus a minute of clock skew. */
export const retiredTokenKeysVerifyForMs = (maxTokenLifetimeSeconds + 60) * 1000;

const maxTokenLength = 2048;

export type TokenType = 'session+jwt' | 'at+jwt' | 'device+jwt';
/** A device cookie marks a browser that logged in to an account before (login throttling, throttle.ts). */
export const deviceTokenLifetimeSeconds = 180 * 24 * 60 * 60;

export interface TokenClaims {
  sub: string;
  jti: string;
  typ: TokenType;
  scope?: string;
  /** Session tokens: the session (token family) they belong to. */
  sid?: string;
  iat: number;
  exp: number;
}

export async function signToken(
  keys: SigningKeys,
  type: TokenType,
  subject: string,
  lifetimeSeconds: number,
  extra: Record<string, unknown> = {},
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const { current } = await signingKeySet(keys);
  const jti = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT(extra)
    .setProtectedHeader({ alg: current.alg, typ: type, kid: current.kid })
    .setIssuer(tokenIssuer)
    .setAudience(tokenAudience)
    .setSubject(subject)
    .setJti(jti)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(current.privateKey);
  return { token, jti, expiresAt: new Date((now + lifetimeSeconds) * 1000) };
}

/** Returns the claims, or undefined for any token that is not exactly what we issued. */
export async function verifyToken(keys: SigningKeys, type: TokenType, token: string): Promise<(JWTPayload & TokenClaims) | undefined> {
  // Ours are ~400 bytes; anything far larger is an attack on the parser, refused before parsing.
  if (token.length > maxTokenLength) return undefined;
  try {
    // The header picks the key (by kid; without one, issued before key ids: the current key), and
    // the key fixes the one algorithm accepted: a kid of an ES256 key under "alg": "EdDSA" is refused.
    const header: ProtectedHeaderParameters = decodeProtectedHeader(token);
    const [key] = await verificationKeys(keys, header, { withoutKid: 'current', retiredKeysVerifyForMs: retiredTokenKeysVerifyForMs });
    if (!key) return undefined;
    const now = Math.floor(Date.now() / 1000);
    const seen = verifiedTokens.get(token);
    if (seen && seen.type === type && seen.publicKey === key.publicKey) {
      if (seen.payload.nbf! <= now && now < seen.payload.exp!) return { ...seen.payload, typ: type } as JWTPayload & TokenClaims;
      verifiedTokens.delete(token);
      return undefined;
    }
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.alg],
      issuer: tokenIssuer,
      audience: tokenAudience,
      typ: type,
      requiredClaims: ['sub', 'jti', 'exp', 'nbf', 'iat'],
    });
    if (verifiedTokens.size >= verifiedTokensLimit) verifiedTokens.delete(verifiedTokens.keys().next().value!);
    verifiedTokens.set(token, { type, publicKey: key.publicKey, payload });
    return { ...payload, typ: type } as JWTPayload & TokenClaims;
  } catch {
    return undefined;
  }
}

/**
 * Tokens whose signature and claims were checked, by their exact text: a session sends the same
 * token with every request until it is renewed, and an Ed25519 verification was ~6% of the API's
 * CPU under load. A remembered token still needs the same key to be one that verifies now (a
 * dropped or rotated-away key misses), the same type, and to be within nbf…exp; revocation is
 * checked against the database on every request as before (sessions.ts). Held in memory only.
 */
const verifiedTokens = new Map<string, { type: TokenType; publicKey: unknown; payload: JWTPayload }>();
const verifiedTokensLimit = 10_000;
