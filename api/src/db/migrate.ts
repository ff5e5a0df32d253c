import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable, Sql } from './connect.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the numbered, forward-only SQL files that have not run yet, in one transaction under
 * an advisory lock, so that two instances starting together apply each migration exactly once.
 */
export async function migrate(sql: Sql, options: { appRole?: string } = {}): Promise<MigrationResult> {
  const files = (await readdir(migrationsDir)).filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name)).sort();
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('resultaatportaal:migrate'))`;
    await tx`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`;
    const done = new Set((await tx`select name from schema_migrations`).map((row) => row.name as string));
    for (const name of files) {
      if (done.has(name)) continue;
      const text = await readFile(join(migrationsDir, name), 'utf8');
      await tx.unsafe(text).simple();
      await tx`insert into schema_migrations (name) values (${name})`;
      applied.push(name);
    }
    if (options.appRole) await grantApplicationRole(tx, options.appRole);
  });
  return { applied };
}

/**
 * SPEC §5 on a real PostgreSQL: the tables belong to the owner role that migrates; the role the
 * application runs as may read and write data, but only INSERT and SELECT on the access log
 * (plus moving its head row). Triggers refuse changes too, but a grant cannot be dropped by the
 * application the way an owner could drop a trigger.
 */
async function grantApplicationRole(tx: Queryable, appRole: string): Promise<void> {
  const role = tx(appRole);
  await tx`grant usage on schema public to ${role}`;
  await tx`grant select, insert, update, delete on all tables in schema public to ${role}`;
  await tx`grant usage, select on all sequences in schema public to ${role}`;
  await tx`revoke update, delete, truncate on access_log from ${role}`;
  await tx`revoke update, delete, truncate on access_log_checkpoints from ${role}`;
  await tx`revoke insert, update, delete, truncate on schema_migrations from ${role}`;
  await tx`revoke delete, truncate on access_log_head from ${role}`;
}

/**
 * Migrates through the owner connection when one is configured (the application role then gets
 * only its grants), else through the application's own connection (embedded, or one role).
 */
export async function migrateFor(
  config: { databaseUrl?: string; databaseOwnerUrl?: string },
  appSql: Sql,
  connectOwner: (url: string) => Promise<{ sql: Sql; close: () => Promise<void> }>,
): Promise<MigrationResult> {
  if (!config.databaseOwnerUrl || !config.databaseUrl) return migrate(appSql);
  const owner = await connectOwner(config.databaseOwnerUrl);
  try {
    return await migrate(owner.sql, { appRole: decodeURIComponent(new URL(config.databaseUrl).username) });
  } finally {
    await owner.close();
  }
}
