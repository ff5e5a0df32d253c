import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { appendAccessEvent } from '../../api/src/audit/append.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { connectPostgres } from '../../api/src/db/connect.ts';
import { migrateFor } from '../../api/src/db/migrate.ts';

/**
 * SPEC §5 on a real PostgreSQL: an owner role migrates; the application's role may only INSERT
 * and SELECT on the access log, refused by grants (which it cannot drop, unlike a trigger).
 */
describe('database roles on a real PostgreSQL', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `rp_owner_${suffix}`;
  const app = `rp_app_${suffix}`;
  const database = `rp_roles_${suffix}`;
  const adminUrl = inject('postgresAdminUrl');
  const urlFor = (role: string) => adminUrl.replace(/\/\/[^@]+@/, `//${role}:secret@`).replace(/\/[^/]*$/, `/${database}`);

  beforeAll(async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${owner} login password 'secret'`);
    await admin.unsafe(`create role ${app} login password 'secret'`);
    await admin.unsafe(`create database ${database} owner ${owner}`);
    await admin.end();
    const dbAdmin = postgres(adminUrl.replace(/\/[^/]*$/, `/${database}`), { max: 1, onnotice: () => {} });
    // PostgreSQL 15 no longer lets every role create in public; the owner of the schema decides.
    await dbAdmin.unsafe(`alter schema public owner to ${owner}`);
    await dbAdmin.end();
  });

  afterAll(async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.unsafe(`drop role if exists ${app}`);
    await admin.unsafe(`drop role if exists ${owner}`);
    await admin.end();
  });

  it('lets the application append to and read the log, and refuses it update, delete and truncate by grant', async () => {
    const application = await connectPostgres(urlFor(app), 2);
    try {
      const { applied } = await migrateFor({ databaseUrl: urlFor(app), databaseOwnerUrl: urlFor(owner) }, application.sql, (url) =>
        connectPostgres(url, 1),
      );
      expect(applied.length).toBeGreaterThan(3);
      await appendAccessEvent(application.sql, systemActor('test', 'H10'), { action: 'test.grants', actionType: 'R', result: 'allowed' });
      expect((await application.sql`select count(*)::int as n from access_log`)[0].n).toBe(1);
      for (const statement of [
        'update access_log set action = $$x$$',
        'delete from access_log',
        'truncate access_log',
        'drop trigger access_log_no_update on access_log',
      ]) {
        await expect(application.sql.unsafe(statement)).rejects.toMatchObject({ code: expect.stringMatching(/^42501$|^42809$/) });
      }
      // Ordinary data stays writable for the application.
      await application.sql`insert into regions (code, name) values ('T99', 'Testregio')`;
      expect((await application.sql`select name from regions where code = 'T99'`)[0].name).toBe('Testregio');
    } finally {
      await application.close();
    }
  });
});
