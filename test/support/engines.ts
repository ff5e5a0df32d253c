import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connectPostgres, openEmbedded, type Database } from '../../api/src/db/connect.ts';
import { migrate } from '../../api/src/db/migrate.ts';

/** Every database test runs on both engines through this one fixture. */
export const engines = ['pglite', 'postgres'] as const;
export type Engine = (typeof engines)[number];

export interface TestDatabase extends Database {
  /** For a real PostgreSQL: the URL of this test's own database. */
  url?: string;
}

/** A fresh, empty database on the given engine. `migrated: false` leaves the schema out. */
export async function openTestDatabase(engine: Engine, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  let database: TestDatabase;
  if (engine === 'pglite') {
    database = await openEmbedded({
      pgliteDir: undefined,
      socketPath: join(tmpdir(), `rp-test-${process.pid}-${randomBytes(4).toString('hex')}.sock`),
    });
  } else {
    const adminUrl = inject('postgresAdminUrl');
    const name = `rp_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
    const inner = await connectPostgres(url, 5);
    database = {
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
  if (options.migrated !== false) await migrate(database.sql);
  return database;
}
