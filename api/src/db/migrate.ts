import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './connect.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the numbered, forward-only SQL files that have not run yet, in one transaction under
 * an advisory lock, so that two instances starting together apply each migration exactly once.
 */
export async function migrate(sql: Sql): Promise<MigrationResult> {
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
  });
  return { applied };
}
