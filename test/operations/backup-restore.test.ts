import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { embeddedPgliteDir, openEmbedded, type Sql } from '../../api/src/db/connect.ts';
import { engines } from '../support/engines.ts';
import { runToEnd, startPortalProcess, tsxBin, type PortalProcess } from '../support/process.ts';
import { killPortal } from '../reliability/support.ts';
import { daysFromToday } from '../dialogues/fixture.ts';
import {
  createEmptyDatabase,
  fetcherOf,
  httpFetcher,
  openSite,
  seedSite,
  sessions,
  uploadCsv,
  withoutComputationTime,
  type Account,
  type Call,
  type Role,
  type Site,
} from './support.ts';

/**
 * Backup and restore (docs/operations.md): a database with records, submissions (one replaced),
 * a dialogue with an action, and an access log is backed up with the CLI, restored into an EMPTY
 * database (PostgreSQL: a new database of the owner role; embedded: a new DATA_DIR with the key
 * files and the checkpoint file copied), and the real portal started on it answers exactly as
 * the original did; the access-log chain verifies against the signed checkpoints, and the
 * append-only triggers and the application role's grants are in place.
 */
const periods = {
  earlier: { code: '2024-H2', startsOn: '2024-07-01', endsOn: '2024-12-31' },
  current: { code: '2025-H2', startsOn: '2025-07-01', endsOn: '2025-12-31' },
};

/** What the portal answers about outcomes: indicators, comparisons, data quality, submissions, the dialogue. */
async function figures(call: Call, dialogueId: string) {
  const p = periods.current.code;
  const requests: Array<[Role, string]> = [
    ['contract_manager', `/indicators?period=${p}&productCategory=45`],
    ['contract_manager', `/indicators?period=${p}&productCategory=54`],
    ['contract_manager', `/indicators?period=${p}&productCategory=45&municipalityCode=0503`],
    ...['dropout', 'goalAttainment', 'satisfaction', 'response'].map((indicator): [Role, string] => [
      'contract_manager',
      `/comparisons/funnel?period=${p}&productCategory=45&indicator=${indicator}`,
    ]),
    ['contract_manager', `/comparisons/casemix?period=${p}&productCategory=45&indicator=dropout`],
    ['contract_manager', `/comparisons/trend?period=${p}&productCategory=54&indicator=continuedWithoutHelp`],
    ['contract_manager', `/data-quality?period=${p}`],
    ['contract_manager', `/dialogues/${dialogueId}`],
    ['municipality', `/indicators?period=${p}&productCategory=45`],
    ['provider', `/indicators?period=${p}&productCategory=45`],
    ['provider', `/submissions?period=${p}`],
  ];
  const answers: Record<string, unknown> = {};
  for (const [role, path] of requests) {
    const { status, body } = await call(role, 'GET', path);
    if (status !== 200) throw new Error(`${role} GET ${path}: ${status} ${JSON.stringify(body)}`);
    answers[`${role} ${path}`] = withoutComputationTime(body);
  }
  return answers;
}

/**
 * Every table's rows as one digest (the access log up to `throughSeq`; of the checkpoints, the
 * first `checkpointsThrough`, as a restore signs one more of its own): equal digests, equal data.
 */
async function fingerprint(sql: Sql, throughSeq: number, checkpointsThrough = Number.MAX_SAFE_INTEGER) {
  const tables = (
    await sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
  ).map((r) => r.tableName as string);
  const digests: Record<string, string> = {};
  for (const table of tables) {
    if (table === 'access_log_head') continue;
    const where = table === 'access_log' ? sql`where t.seq <= ${throughSeq}` : sql``;
    const rows =
      table === 'access_log_checkpoints'
        ? sql`(select * from access_log_checkpoints order by signed_at, number limit ${checkpointsThrough})`
        : sql(table);
    const [row] =
      await sql`select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as digest from ${rows} t ${where}`;
    digests[table] = `${row.n} ${row.digest}`;
  }
  return digests;
}

describe.each(engines)('backup and restore on %s', (engine) => {
  let site: Site;
  let accounts: Partial<Record<Role, Account>>;
  let dialogueId: string;
  let before: Record<string, unknown>;
  let sourceCounts: Record<string, unknown>;
  const backupDir = mkdtempSync(join(tmpdir(), 'rp-backup-'));
  const backupFile = join(backupDir, `portal-${engine}.backup`);
  let backupSeq = 0;
  let target: { env: Record<string, string>; dataDir: string; database?: string };
  let portal: PortalProcess | undefined;
  const cli = (env: Record<string, string>, ...args: string[]) => runToEnd(tsxBin, ['api/src/cli.ts', ...args, '--json'], env, 180_000);

  beforeAll(async () => {
    site = await openSite(engine);
    accounts = await seedSite(site, [periods.earlier]);
    const call = await sessions(fetcherOf(site.app), accounts);
    const upload = async (
      role: 'provider' | 'providerB' | 'providerC' | 'providerD',
      period: typeof periods.current,
      count: number,
      from: number,
      tag: string,
    ) => {
      const response = await call(
        role,
        'POST',
        `/submissions?period=${period.code}&dryRun=false`,
        uploadCsv(role, period, count, from, tag),
        'text/csv',
      );
      if (response.status !== 201) throw new Error(`upload ${role} ${period.code}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    // Clients 0-59 come back with another provider in the next period: re-entry has something to find.
    await upload('provider', periods.earlier, 30, 0, 'e');
    await upload('providerB', periods.earlier, 30, 30, 'e');
    await upload('providerC', periods.earlier, 25, 500, 'e');
    await upload('provider', periods.current, 40, 100, 'v1');
    await upload('provider', periods.current, 44, 100, 'v2'); // replaces v1, which stays in history
    await upload('providerB', periods.current, 35, 0, 'v1');
    await upload('providerC', periods.current, 32, 30, 'v1');
    await upload('providerD', periods.current, 28, 600, 'v1');
    const prepared = await call('contract_manager', 'POST', '/dialogues', { providerAgb: '98000010', period: periods.current.code });
    if (prepared.status !== 201) throw new Error(`dialogue: ${prepared.status} ${JSON.stringify(prepared.body)}`);
    dialogueId = String(prepared.body.id);
    const action = await call('contract_manager', 'POST', `/dialogues/${dialogueId}/actions`, {
      description: 'Respons verhogen',
      owner: 'provider',
      dueDate: daysFromToday(60),
    });
    if (action.status !== 201) throw new Error(`action: ${action.status} ${JSON.stringify(action.body)}`);
    expect((await call('auditor', 'GET', '/audit/events?limit=5')).status).toBe(200);
    before = await figures(call, dialogueId);
    [sourceCounts] = await site.db
      .sql`select (select count(*) from outcome_records)::int as outcome_records, (select count(*) from submissions)::int as submissions,
      (select count(*) from dialogues)::int as dialogues`;
  }, 300_000);

  afterAll(async () => {
    if (portal) await killPortal(portal);
    await site?.stop().catch(() => {});
    await site?.drop();
    rmSync(backupDir, { recursive: true, force: true });
    if (engine === 'pglite' && target) rmSync(target.dataDir, { recursive: true, force: true });
  });

  it('backs up with `npm run portal -- backup FILE`: a new file only the owner can read, its own access-log entry, and a signed checkpoint of the head', async () => {
    if (engine === 'pglite') {
      // PGlite admits one process: while the portal (here: the test, on DATA_DIR's socket) runs, no backup.
      const refused = await cli(site.env, 'backup', backupFile);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout).error.message.en).toMatch(/running.*stop the portal/);
      await site.stop();
    }
    const backup = await cli(site.env, 'backup', backupFile);
    expect(backup.code, backup.stderr + backup.stdout).toBe(0);
    const result = JSON.parse(backup.stdout);
    expect(result).toMatchObject({ engine, file: backupFile, bytes: statSync(backupFile).size });
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(backupFile)).digest('hex'));
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    backupSeq = result.accessLogSeq;
    expect(backupSeq).toBeGreaterThan(20);
    const checkpoints = readFileSync(site.config.checkpointFile, 'utf8').trim().split('\n');
    expect(JSON.parse(Buffer.from(checkpoints.at(-1)!.split('.')[1], 'base64url').toString())).toMatchObject({ seq: backupSeq });

    const again = await cli(site.env, 'backup', backupFile);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.message.en).toContain('exists already');
  }, 240_000);

  it('restores into an empty database only, with the same data, the chain verified against the checkpoint file, and the triggers and grants in place', async () => {
    if (engine === 'postgres') {
      const database = `${site.postgres!.database}_restored`;
      await createEmptyDatabase(inject('postgresAdminUrl'), database, site.postgres!.owner);
      target = {
        database,
        dataDir: site.dataDir,
        env: {
          ...site.env,
          DATABASE_URL: site.postgres!.urlFor(site.postgres!.appRole, database),
          DATABASE_OWNER_URL: site.postgres!.urlFor(site.postgres!.owner, database),
        },
      };
    } else {
      // A new machine: the key files come from the secret store, the checkpoint file from its own copy.
      const dataDir = mkdtempSync(join(tmpdir(), 'rp-restored-'));
      cpSync(join(site.dataDir, 'keys'), join(dataDir, 'keys'), { recursive: true });
      cpSync(site.config.checkpointFile, join(dataDir, 'audit-checkpoints.jsonl'));
      target = { dataDir, env: { ...site.env, DATA_DIR: dataDir } };
    }
    const restore = await cli(target.env, 'restore', backupFile);
    expect(restore.code, restore.stderr + restore.stdout).toBe(0);
    const result = JSON.parse(restore.stdout);
    expect(result).toMatchObject({
      engine,
      migrationsApplied: [],
      rows: { outcomeRecords: sourceCounts.outcomeRecords, submissions: sourceCounts.submissions, dialogues: sourceCounts.dialogues },
      accessLog: { ok: true },
    });
    expect(result.accessLog.checkedThrough).toBeGreaterThanOrEqual(backupSeq);
    expect(result.accessLog.checkpoints).toBeGreaterThanOrEqual(1);
    expect(result.warning).toBeUndefined();

    const again = await cli(target.env, 'restore', backupFile);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.message.en).toMatch(/not empty/);

    if (engine === 'postgres') {
      const adminUrl = inject('postgresAdminUrl');
      const source = postgres(adminUrl.replace(/\/[^/]*$/, `/${site.postgres!.database}`), {
        max: 1,
        onnotice: () => {},
        transform: postgres.camel,
      }) as unknown as Sql;
      const restored = postgres(adminUrl.replace(/\/[^/]*$/, `/${target.database}`), {
        max: 1,
        onnotice: () => {},
        transform: postgres.camel,
      }) as unknown as Sql;
      try {
        const original = await fingerprint(source, backupSeq);
        expect(await fingerprint(restored, backupSeq, Number(original.access_log_checkpoints!.split(' ')[0]))).toEqual(original);
      } finally {
        await source.end();
        await restored.end();
      }
      const asApp = postgres(target.env.DATABASE_URL, { max: 1, onnotice: () => {} });
      const asOwner = postgres(target.env.DATABASE_OWNER_URL, { max: 1, onnotice: () => {} });
      try {
        // The application role: refused by grant. The owner: refused by the append-only triggers.
        for (const statement of ['update access_log set action = $$x$$', 'delete from access_log', 'truncate access_log']) {
          await expect(asApp.unsafe(statement)).rejects.toMatchObject({
            code: '42501',
            message: expect.stringMatching(/permission denied/),
          });
          await expect(asOwner.unsafe(statement)).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
        }
        await expect(asOwner.unsafe(`update dialogues set snapshot = '{}'::jsonb`)).rejects.toMatchObject({
          message: expect.stringMatching(/frozen/),
        });
        const owners = await asOwner`select distinct tableowner from pg_tables where schemaname = 'public'`;
        expect(owners.map((r) => r.tableowner)).toEqual([site.postgres!.owner]);
        const [grants] = await asOwner`select has_table_privilege(${site.postgres!.appRole}, 'access_log', 'INSERT') as insert,
          has_table_privilege(${site.postgres!.appRole}, 'access_log', 'SELECT') as select, has_table_privilege(${site.postgres!.appRole}, 'access_log', 'DELETE') as delete,
          has_table_privilege(${site.postgres!.appRole}, 'outcome_records', 'DELETE') as delete_records`;
        expect(grants).toEqual({ insert: true, select: true, delete: false, delete_records: true });
      } finally {
        await asApp.end();
        await asOwner.end();
      }
    } else {
      const source = await openEmbedded({
        pgliteDir: embeddedPgliteDir(site.dataDir),
        socketPath: join(tmpdir(), `rp-src-${process.pid}.sock`),
      });
      const restored = await openEmbedded({
        pgliteDir: embeddedPgliteDir(target.dataDir),
        socketPath: join(tmpdir(), `rp-dst-${process.pid}.sock`),
      });
      try {
        const original = await fingerprint(source.sql, backupSeq);
        expect(await fingerprint(restored.sql, backupSeq, Number(original.access_log_checkpoints!.split(' ')[0]))).toEqual(original);
        for (const statement of ['update access_log set action = $$x$$', 'delete from access_log', 'truncate access_log']) {
          await expect(restored.sql.unsafe(statement)).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
        }
        await expect(restored.sql.unsafe(`update dialogues set snapshot = '{}'::jsonb`)).rejects.toMatchObject({
          message: expect.stringMatching(/frozen/),
        });
      } finally {
        await restored.close();
        await source.close();
      }
    }
  }, 300_000);

  it('starts the portal on the restored database: the same indicators, comparisons, submissions and dialogue; the access log verifies; new uploads work', async () => {
    portal = await startPortalProcess(target.env, 120_000);
    const call = await sessions(httpFetcher(portal.url), accounts);
    const running = portal;
    const after = await figures(call, dialogueId).catch((error: Error) => {
      throw new Error(`${error.message}\n${running.output()}`);
    });
    expect(after).toEqual(before);

    const verify = await call('auditor', 'GET', '/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.checkpoints).toBeGreaterThanOrEqual(2); // the backup's and the restore's (and the start's)

    // The identity sequences came back with the data: a new submission gets fresh ids.
    const upload = await call(
      'providerD',
      'POST',
      // 12 rows replace 28: confirmed, the replacement guard is not the subject here.
      `/submissions?period=${periods.current.code}&dryRun=false&confirmReplace=true`,
      uploadCsv('providerD', periods.current, 12, 700, 'after-restore'),
      'text/csv',
    );
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    // A clean stop (SIGTERM); if it does not come within 60 s, the output says why and the process is killed.
    portal = undefined;
    const stopped = await Promise.race([
      running.stop(),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000).unref()),
    ]);
    if (stopped === 'hung') await killPortal(running);
    expect(stopped, running.output()).toBe(0);
  }, 300_000);
});
