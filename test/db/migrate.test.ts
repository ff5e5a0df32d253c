import { engines, openTestDatabase } from '../support/engines.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import type { Sql } from '../../api/src/db/connect.ts';

/** A description of the schema that both engines must agree on. */
async function describeSchema(sql: Sql) {
  const columns = await sql`
    select table_name, column_name, data_type, is_nullable, character_maximum_length, column_default is not null as has_default
    from information_schema.columns where table_schema = 'public' order by table_name, column_name`;
  const constraints = await sql`
    select conrelid::regclass::text as table_name, contype, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = 'public'::regnamespace
      -- PostgreSQL 18 (PGlite) also lists NOT NULL as constraints; nullability is compared via the columns.
      and contype <> 'n' order by 1, 2, 3`;
  const indexes = await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`;
  const triggers = await sql`select event_object_table, trigger_name, event_manipulation from information_schema.triggers order by 1, 2, 3`;
  return { columns, constraints, indexes, triggers };
}

describe('database migrations', () => {
  it('give the same schema on the embedded PGlite and on a real PostgreSQL', async () => {
    const [embedded, real] = await Promise.all(engines.map((engine) => openTestDatabase(engine)));
    try {
      const [a, b] = await Promise.all([describeSchema(embedded.sql), describeSchema(real.sql)]);
      expect(a.columns.length).toBeGreaterThan(50);
      expect(a.columns).toEqual(b.columns);
      expect(a.constraints).toEqual(b.constraints);
      expect(a.indexes).toEqual(b.indexes);
      expect(a.triggers).toEqual(b.triggers);
    } finally {
      await Promise.all([embedded.close(), real.close()]);
    }
  });

  for (const engine of engines) {
    it(`apply each file exactly once, also when run again (${engine})`, async () => {
      const db = await openTestDatabase(engine, { migrated: false });
      try {
        const first = await migrate(db.sql);
        expect(first.applied).toContain('001_foundation.sql');
        const second = await migrate(db.sql);
        expect(second.applied).toEqual([]);
        const [row] = await db.sql`select count(*)::int as n from schema_migrations`;
        expect(row.n).toBe(first.applied.length);
      } finally {
        await db.close();
      }
    });

    it(`refuse to update, delete or truncate the access log (${engine})`, async () => {
      const db = await openTestDatabase(engine);
      try {
        await db.sql`insert into access_log (seq, occurred_at, actor_type, action, action_type, result, hash)
          values (1, now(), 'system', 'test', 'R', 'allowed', ${'a'.repeat(64)})`;
        await expect(db.sql`update access_log set action = 'changed'`).rejects.toThrow(/append-only/);
        await expect(db.sql`delete from access_log`).rejects.toThrow(/append-only/);
        await expect(db.sql`truncate access_log`).rejects.toThrow(/append-only/);
        const [row] = await db.sql`select action from access_log where seq = 1`;
        expect(row.action).toBe('test');
      } finally {
        await db.close();
      }
    });
  }

  it('serialise two instances migrating the same PostgreSQL at once', async () => {
    const db = await openTestDatabase('postgres', { migrated: false });
    const { connectPostgres } = await import('../../api/src/db/connect.ts');
    const other = await connectPostgres(db.url!, 2);
    try {
      const [a, b] = await Promise.all([migrate(db.sql), migrate(other.sql)]);
      expect([...a.applied, ...b.applied].sort()).toEqual([...new Set([...a.applied, ...b.applied])].sort());
      expect(a.applied.length + b.applied.length).toBeGreaterThan(0);
      const [row] = await db.sql`select count(*)::int as n from schema_migrations`;
      expect(row.n).toBe(a.applied.length + b.applied.length);
    } finally {
      await other.close();
      await db.close();
    }
  });
});
