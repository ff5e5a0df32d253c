import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

/**
 * Portal-issued JWTs (jose): EdDSA only, typed (`typ`), with iss/aud/exp/nbf always checked.
 * Session tokens live in an httpOnly cookie; access tokens are OAuth2 client-credentials bearers.
 */

export const tokenIssuer = 'urn:resultaatportaal';
export const tokenAudience = 'urn:resultaatportaal:api';
export const sessionLifetimeSeconds = 15 * 60;
export const accessTokenLifetimeSeconds = 10 * 60;

const maxTokenLength = 2048;

export type TokenType = 'session+jwt' | 'at+jwt';

export interface TokenClaims {
  sub: string;
  jti: string;
  typ: TokenType;
  scope?: string;
  iat: number;
  exp: number;
}

export async function signToken(privateKey: KeyObject, type: TokenType, subject: string, lifetimeSeconds: number, extra: Record<string, unknown> = {}): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const jti = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT(extra)
    .setProtectedHeader({ alg: 'EdDSA', typ: type })
    .setIssuer(tokenIssuer)
    .setAudience(tokenAudience)
    .setSubject(subject)
    .setJti(jti)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(privateKey);
  return { token, jti, expiresAt: new Date((now + lifetimeSeconds) * 1000) };
}

/** Returns the claims, or undefined for any token that is not exactly what we issued. */
export async function verifyToken(privateKey: KeyObject, type: TokenType, token: string): Promise<(JWTPayload & TokenClaims) | undefined> {
  // Ours are ~400 bytes; anything far larger is an attack on the parser, refused before parsing.
  if (token.length > maxTokenLength) return undefined;
  try {
    const { payload } = await jwtVerify(token, createPublicKey(privateKey), {
      algorithms: ['EdDSA'],
      issuer: tokenIssuer,
      audience: tokenAudience,
      typ: type,
      requiredClaims: ['sub', 'jti', 'exp', 'nbf', 'iat'],
    });
    return { ...payload, typ: type } as JWTPayload & TokenClaims;
  } catch {
    return undefined;
  }
}
