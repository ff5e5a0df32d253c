import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { startPortalProcess, type PortalProcess } from '../support/process.ts';
import {
  auditVerifies,
  checkNothingHalfStored,
  inspect,
  killPortal,
  loginAsDemo,
  submissionsSeen,
  upload,
  validCsv,
  waitFor,
  type Session,
} from './support.ts';

/**
 * Issue 8: the API process is killed (SIGKILL: no shutdown hook runs) while it commits a
 * 100,000-row submission. The commit is one transaction, so after a restart the provider sees the
 * old submission or the new one, never a mix; no rows are orphaned; the access log still verifies.
 */

const rows = 100_000;

describe('killing the API (SIGKILL) in the middle of committing a 100,000-row submission, on a real PostgreSQL', () => {
  let db: TestDatabase;
  let monitor: ReturnType<typeof inspect>;
  let env: Record<string, string>;
  let portal: PortalProcess | undefined;
  let session: Session;
  let csv: string;
  let old: Awaited<ReturnType<typeof submissionsSeen>>;

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { migrated: false });
    monitor = inspect(db.url!);
    env = {
      DATABASE_URL: db.url!,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-kill-')),
      DEMO: 'true',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'warn',
    };
    portal = await startPortalProcess(env);
    session = await loginAsDemo(portal);
    old = await submissionsSeen(portal, session);
    expect(old.filter((s) => s.status === 'current')).toHaveLength(1); // the demo region's version 1
    csv = validCsv(session.agb, rows, 'kill');
  }, 120_000);

  afterAll(async () => {
    if (portal) await killPortal(portal);
    await monitor?.end();
    await db?.close();
    if (env) rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  /** Starts the commit, waits until the database is at `point`, and kills the API there. */
  async function killDuring(point: string, reached: () => Promise<boolean>) {
    const running = portal!;
    const response = upload(running, session, csv).then(
      (r) => ({ status: r.status }),
      (error: Error) => ({ error }),
    );
    await waitFor(`the commit to reach: ${point}`, async () => ((await reached()) ? true : undefined), 45_000, 5);
    await killPortal(running);
    portal = undefined;
    // The request dies with the process: the provider got no 201.
    expect(await response).toMatchObject({ error: expect.any(Error) });
    // PostgreSQL notices the dropped connection and rolls the open transaction back.
    await waitFor(
      'the killed connection to end',
      async () => {
        const [row] = await monitor`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and xact_start is not null`;
        return row.n === 0 ? true : undefined;
      },
      20_000,
    );
  }

  async function restartAndSeeOld() {
    portal = await startPortalProcess(env);
    expect(portal.output()).not.toContain('loaded now');
    session = await loginAsDemo(portal);
    expect(await submissionsSeen(portal, session)).toEqual(old);
  }

  it('killed while the rows stream in (COPY): after a restart the provider sees the old submission, whole', async () => {
    await killDuring('COPY has stored 20,000 rows', async () => {
      const [copy] = await monitor`select tuples_processed::int as n from pg_stat_progress_copy where datname = current_database()`;
      return copy !== undefined && copy.n >= 20_000;
    });
    await checkNothingHalfStored(monitor, session.agb);
    await Promise.all([restartAndSeeOld(), auditVerifies(env)]);
  }, 60_000);

  it('killed after the last row, while the indicator cells are recomputed before COMMIT: still the old submission, whole', async () => {
    await killDuring('the indicator cells of the new submission are being written', async () => {
      const [active] = await monitor`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and query ilike '%insert into indicator_cells%'`;
      return active.n > 0;
    });
    await checkNothingHalfStored(monitor, session.agb);
    await Promise.all([restartAndSeeOld(), auditVerifies(env)]);
  }, 60_000);

  it('after both kills, the same upload commits whole: the new submission with every row, the old one in history', async () => {
    const response = await upload(portal!, session, csv);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { submission: { id: string; version: number; recordCount: number } };
    const previous = old.find((s) => s.status === 'current')!;
    // The killed attempts took no version number: the new one follows the old directly.
    expect(body.submission).toMatchObject({ recordCount: rows, version: previous.version + 1 });
    const seen = await submissionsSeen(portal!, session);
    expect(seen.find((s) => s.status === 'current')).toMatchObject({ id: body.submission.id, recordCount: rows });
    expect(seen.find((s) => s.id === previous.id)).toMatchObject({ status: 'replaced' });
    await checkNothingHalfStored(monitor, session.agb);
    expect(await portal!.stop('SIGTERM')).toBe(0);
    portal = undefined;
    await auditVerifies(env);
  }, 60_000);
});
