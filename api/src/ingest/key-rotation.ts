/**
 * K2 rotation (SPEC §4.1): the p1 value is not kept, so rotation layers keys. Every stored
 * `v<n>:` value becomes `v<n+1>:` + HMAC(K2', value) in one transaction, and from then on new
 * uploads pass through every key in order, so the same client keeps the same pseudonym.
 */
import type { Actor } from '../auth/actor.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { DomainError } from '../errors.ts';
import { rotateStoredPseudonym } from './pseudonymise.ts';

export const keysOutOfStep = (fileVersions: number, databaseVersion: number) =>
  new DomainError(
    'unavailable',
    'pseudonym_keys_out_of_step',
    {
      nl: `De pseudoniemsleutels van dit proces (${fileVersions} versie(s)) passen niet bij de database (versie ${databaseVersion}). Herstart het portaal met het bijgewerkte sleutelbestand.`,
      en: `This process's pseudonym keys (${fileVersions} version(s)) do not match the database (version ${databaseVersion}). Restart the portal with the updated key file.`,
    },
    [],
    {},
    { retryAfterSeconds: 60 },
  );

/** Inside a commit: refuse when the key list does not match the stored values' version. */
export async function assertKeysInStep(tx: Queryable, keyCount: number): Promise<void> {
  const [state] = await tx`select version from pseudonym_key_state for share`;
  if (state && Number(state.version) !== keyCount) throw keysOutOfStep(keyCount, Number(state.version));
}

export async function pseudonymKeyVersion(db: Queryable): Promise<number> {
  const [state] = await db`select version from pseudonym_key_state`;
  return Number(state?.version ?? 1);
}

/** Re-keys every stored pseudonym with `newKey` as version `currentKeyCount + 1`. */
export async function rotateStoredPseudonyms(
  sql: Sql,
  actor: Actor,
  currentKeyCount: number,
  newKey: Uint8Array,
): Promise<{ version: number; rekeyed: number }> {
  const version = currentKeyCount + 1;
  return sql.begin(async (tx) => {
    const [state] = await tx`select version from pseudonym_key_state for update`;
    if (Number(state.version) !== currentKeyCount) throw keysOutOfStep(currentKeyCount, Number(state.version));
    // Uploads commit under the same row (for share), so none can slip in half-way.
    let rekeyed = 0;
    let lastId = 0;
    for (;;) {
      const rows = await tx`select id, client_pseudonym from outcome_records where id > ${lastId} order by id limit 10000`;
      if (rows.length === 0) break;
      const ids = rows.map((r) => String(r.id));
      const values = rows.map((r) => rotateStoredPseudonym(newKey, version, r.clientPseudonym as string));
      await tx`update outcome_records o set client_pseudonym = u.value
        from unnest(${ids}::bigint[], ${values}::text[]) as u(id, value) where o.id = u.id`;
      rekeyed += rows.length;
      lastId = Number(rows[rows.length - 1].id);
    }
    await tx`update pseudonym_key_state set version = ${version}`;
    await appendAccessEvent(tx, actor, {
      action: 'keys.rotate',
      actionType: 'U',
      objectType: 'pseudonym_key',
      objectId: `v${version}`,
      result: 'allowed',
      details: { rekeyed },
    });
    return { version, rekeyed };
  });
}
