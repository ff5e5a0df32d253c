/**
 * Optional external OpenID Connect (SPEC §6): bearer tokens from the organisation's identity
 * provider, verified against its JWKS with an algorithm allow-list, issuer, audience and time
 * checks. Claims name the role and the organisation (AGB code, gemeentecode or 'servicebureau');
 * the organisation must exist in the configured region, so a token cannot invent access.
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { roles, type Actor, type Role } from './actor.ts';
import type { Queryable } from '../db/connect.ts';
import type { Principal } from './sessions.ts';

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  roleClaim: string;
  organisationClaim: string;
  regionCode: string;
}

/** Asymmetric algorithms only: a symmetric (HS*) token could be forged with the public key. */
const algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export type OidcVerifier = (db: Queryable, token: string) => Promise<Principal | undefined>;

export function createOidcVerifier(config: OidcConfig): OidcVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
  return async (db, token) => {
    // Only tokens that claim to come from this issuer are tried against its keys.
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      return undefined;
    }
    if (unverified.iss !== config.issuer) return undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        clockTolerance: 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      return undefined;
    }
    const role = payload[config.roleClaim];
    const organisationCode = payload[config.organisationClaim];
    if (typeof role !== 'string' || !(roles as readonly string[]).includes(role) || typeof organisationCode !== 'string') return undefined;
    const [organisation] = await db`select id, kind, code, name from organisations
      where region_code = ${config.regionCode} and active
        and (code = ${organisationCode} or (${organisationCode} = 'servicebureau' and kind = 'service_bureau'))
      limit 1`;
    if (!organisation) return undefined;
    // Providers and municipalities act for their own organisation only; the rest belong to the bureau.
    const expectedKind = role === 'provider' ? 'provider' : role === 'municipality' ? 'municipality' : 'service_bureau';
    if (organisation.kind !== expectedKind) return undefined;
    const id = `oidc:${String(payload.sub).slice(0, 200)}`;
    const email = typeof payload.email === 'string' ? payload.email.toLowerCase() : null;
    const actor: Actor = {
      type: 'user',
      id,
      role: role as Role,
      organisationId: Number(organisation.id),
      organisationCode: (organisation.code as string | null) ?? 'servicebureau',
      regionCode: config.regionCode,
      scopes: [],
    };
    return {
      actor,
      me: {
        type: 'user',
        id,
        email,
        displayName: typeof payload.name === 'string' ? payload.name : null,
        role: role as Role,
        organisation: {
          kind: organisation.kind as 'provider' | 'municipality' | 'service_bureau',
          code: (organisation.code as string | null) ?? null,
          name: organisation.name as string,
        },
        region: config.regionCode,
        scopes: [],
        sessionExpiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null,
      },
    };
  };
}
