import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/connect.ts';
import type { Actor } from '../auth/actor.ts';
import { hashPassword } from '../auth/passwords.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { findOrganisationForRole } from './organisations.ts';

export interface CreatedApiClient {
  clientId: string;
  /** Shown once; only its scrypt hash is stored. */
  clientSecret: string;
}

/** OAuth2 client-credentials client for a provider's own system (SPEC §6). */
export async function createApiClient(
  sql: Sql,
  actor: Actor,
  input: { providerAgb: string; regionCode: string; name?: string },
): Promise<CreatedApiClient> {
  const clientId = `rp_${randomBytes(12).toString('hex')}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const secretHash = await hashPassword(clientSecret);
  await sql.begin(async (tx) => {
    const provider = await findOrganisationForRole(tx, input.regionCode, 'provider', input.providerAgb);
    await tx`insert into api_clients (client_id, secret_hash, organisation_id, name)
      values (${clientId}, ${secretHash}, ${provider.id}, ${input.name ?? `${provider.name} system`})`;
    await appendAccessEvent(tx, actor, {
      action: 'api_client.create',
      actionType: 'C',
      objectType: 'api_client',
      objectId: clientId,
      result: 'allowed',
      details: { provider: input.providerAgb },
    });
  });
  return { clientId, clientSecret };
}
