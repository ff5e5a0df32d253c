import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connectPostgres, openEmbedded, type Database } from '../../api/src/db/connect.ts';

/** Every database test runs on both engines through this one fixture. */
export const engines = ['pglite', 'postgres'] as const;
export type Engine = (typeof engines)[number];

export interface TestDatabase extends Database {
  /** For a real PostgreSQL: the URL of this test's own database. */
  url?: string;
}

/** The dumps the global setup made, read once per test file. */
const pgliteDumps = new Map<string, Promise<Blob>>();
function pgliteDump(kind: 'empty' | 'migrated'): Promise<Blob> {
  const file = inject('pgliteDumps')[kind];
  if (!pgliteDumps.has(file))
    pgliteDumps.set(
      file,
      readFile(file).then((bytes) => new Blob([bytes])),
    );
  return pgliteDumps.get(file)!;
}

/**
 * A fresh database of its own on the given engine, with the schema of migrate() (a clone of the
 * database the global setup migrated: a PGlite data-directory dump, a PostgreSQL template).
 * `migrated: false` leaves the schema out.
 */
export async function openTestDatabase(engine: Engine, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const kind = options.migrated === false ? 'empty' : 'migrated';
  if (engine === 'pglite') {
    return openEmbedded({
      pgliteDir: undefined,
      socketPath: join(tmpdir(), `rp-test-${process.pid}-${randomBytes(4).toString('hex')}.sock`),
      loadDataDir: await pgliteDump(kind),
    });
  }
  const adminUrl = inject('postgresAdminUrl');
  const name = `rp_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(kind === 'migrated' ? `create database ${name} template ${inject('postgresTemplate')}` : `create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const inner = await connectPostgres(url, 5);
  return {
    ...inner,
    url,
    async close() {
      await inner.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
