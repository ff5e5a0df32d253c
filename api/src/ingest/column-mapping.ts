/**
 * A provider's remembered column mapping (issue 17, "bring your own columns"): read and replaced
 * by the provider itself, used by its browser tool and offline CLI tool. It holds column names and
 * code translations only (schemas/column-mapping.ts refuses BSN-shaped numbers in them); reads
 * and changes are in the access log.
 */
import { emptyColumnMapping, type ColumnMapping } from '../../../schemas/column-mapping.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';

export interface StoredColumnMapping {
  mapping: ColumnMapping;
  /** When it was last saved; null when the provider never saved one (the mapping is then empty). */
  updatedAt: string | null;
}

const logged = (actor: Actor, actionType: 'R' | 'U', origin?: Origin) => ({
  action: actionType === 'R' ? 'column_mapping.read' : 'column_mapping.update',
  actionType,
  objectType: 'column_mapping',
  objectId: actor.organisationCode,
  result: 'allowed' as const,
  purpose: 'aanlevering resultaatgegevens',
  origin,
});

export async function readColumnMapping(sql: Sql, actor: Actor, origin?: Origin): Promise<StoredColumnMapping> {
  const [row] = await sql`select mapping, updated_at from column_mappings where provider_id = ${actor.organisationId}`;
  await appendAccessEvent(sql, actor, logged(actor, 'R', origin));
  if (!row) return { mapping: emptyColumnMapping, updatedAt: null };
  return { mapping: row.mapping as ColumnMapping, updatedAt: new Date(row.updatedAt as string).toISOString() };
}

export async function saveColumnMapping(sql: Sql, actor: Actor, mapping: ColumnMapping, origin?: Origin): Promise<StoredColumnMapping> {
  return sql.begin(async (tx) => {
    const [row] = await tx`insert into column_mappings (provider_id, region_code, mapping, updated_by)
      values (${actor.organisationId}, ${actor.regionCode}, ${tx.json(mapping as never)}, ${`${actor.type}:${actor.id}`})
      on conflict (provider_id) do update set mapping = excluded.mapping, updated_at = now(), updated_by = excluded.updated_by
      returning mapping, updated_at`;
    await appendAccessEvent(tx, actor, logged(actor, 'U', origin));
    return { mapping: row.mapping as ColumnMapping, updatedAt: new Date(row.updatedAt as string).toISOString() };
  });
}
