import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startPostgresCluster, type PostgresCluster } from '../support/global-setup.ts';
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
  type Session,
} from './support.ts';

/**
 * Issue 8: the disk with the outcome records fills up during a 100,000-row commit. Simulated with a
 * tmpfs, which only root may mount: the outcome_records table of a throwaway database on its own
 * cluster is moved into a tablespace on a tmpfs with a few MB to spare (the WAL stays on the normal
 * disk, as on a server whose data volume fills up). Without root the test is skipped.
 */

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'rp-mount-probe-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return mounted;
})();

function unmount(dir: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (spawnSync('umount', [dir]).status === 0) return;
    spawnSync('sleep', ['0.25']);
  }
  spawnSync('umount', ['-l', dir]);
}

describe.skipIf(!canMount)(
  'the disk with the outcome records fills up during a commit (real PostgreSQL, tmpfs tablespace; root only)',
  () => {
    let cluster: PostgresCluster;
    let mountPoint: string;
    let databaseUrl: string;
    let monitor: ReturnType<typeof inspect>;
    let env: Record<string, string>;
    let portal: PortalProcess | undefined;
    let session: Session;
    let csv: string;

    beforeAll(async () => {
      cluster = await startPostgresCluster();
      mountPoint = mkdtempSync(join(tmpdir(), 'rp-full-'));
      // The tablespace directory belongs to the OS user PostgreSQL runs as.
      const idOf = (flag: '-u' | '-g') =>
        spawnSync('id', [flag, ...(cluster.osUser ? [cluster.osUser] : [])], { encoding: 'utf8' }).stdout.trim();
      const [owner, group] = [idOf('-u'), idOf('-g')];
      const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=256m,uid=${owner},gid=${group},mode=0700`, 'tmpfs', mountPoint], {
        encoding: 'utf8',
      });
      if (mount.status !== 0) throw new Error(`mount failed: ${mount.stderr}`);
      const location = join(mountPoint, 'tablespace');
      mkdirSync(location);
      chownSync(location, Number(owner), Number(group));

      const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
      await admin.unsafe('create database full_disk');
      await admin.unsafe(`create tablespace small_disk location '${location}'`);
      await admin.end();
      databaseUrl = cluster.url.replace(/\/postgres$/, '/full_disk');
      monitor = inspect(databaseUrl);
      env = {
        DATABASE_URL: databaseUrl,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-full-data-')),
        DEMO: 'true',
        COOKIE_SECURE: 'false',
        LOG_LEVEL: 'warn',
      };
      portal = await startPortalProcess(env);
      session = await loginAsDemo(portal);
      csv = validCsv(session.agb, 100_000, 'full');
      // The outcome records (and their indexes) move to the small disk, which then keeps 4 MB free.
      await monitor`alter table outcome_records set tablespace small_disk`;
      for (const { indexname } of await monitor`select indexname from pg_indexes where tablename = 'outcome_records'`) {
        await monitor`alter index ${monitor(indexname as string)} set tablespace small_disk`;
      }
      const stat = statfsSync(mountPoint);
      const usedMb = Math.ceil(((stat.blocks - stat.bfree) * stat.bsize) / 1024 / 1024);
      expect(spawnSync('mount', ['-o', `remount,size=${usedMb + 4}m`, mountPoint]).status).toBe(0);
    }, 120_000);

    afterAll(async () => {
      if (portal) await killPortal(portal);
      await monitor?.end({ timeout: 1 });
      await cluster?.stop();
      if (env) rmSync(env.DATA_DIR, { recursive: true, force: true });
      if (mountPoint) {
        unmount(mountPoint);
        rmSync(mountPoint, { recursive: true, force: true });
      }
    });

    it('refuses the upload with a problem and stores none of it; the portal keeps serving; once there is room the same upload commits', async () => {
      const before = await submissionsSeen(portal!, session);
      const refused = await upload(portal!, session, csv, AbortSignal.timeout(45_000));
      expect(refused.status).toBeGreaterThanOrEqual(500);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await refused.text();
      expect(problem).not.toMatch(/No space|base\/|pg_tblspc|could not extend/); // no internals in the answer
      // The log says why, as far as postgres.js lets it know (porsager/postgres#1173 hides an error that comes after the last row).
      // The log line reaches the test through the child's pipe, possibly after the answer: wait for it.
      await expect
        .poll(() => portal!.output(), { timeout: 10_000 })
        .toMatch(/No space left on device|could not extend file|PostgreSQL refused the COPY/);

      // Nothing of it was stored, and the portal keeps answering.
      expect(await submissionsSeen(portal!, session)).toEqual(before);
      await checkNothingHalfStored(monitor, session.agb);
      expect((await fetch(`${portal!.url}/api/v1/readyz`)).status).toBe(200);

      // The operator makes room; no restart needed.
      expect(spawnSync('mount', ['-o', 'remount,size=256m', mountPoint]).status).toBe(0);
      const committed = await upload(portal!, session, csv);
      expect(committed.status).toBe(201);
      expect(((await committed.json()) as { submission: { recordCount: number } }).submission.recordCount).toBe(100_000);
      await checkNothingHalfStored(monitor, session.agb);
      expect(await portal!.stop('SIGTERM')).toBe(0);
      portal = undefined;
      await auditVerifies(env);
    }, 60_000);

    // Disk full on the embedded database is not tested here: PGlite 0.5.14 spins forever (event loop
    // blocked, even /healthz unanswered) once a new WAL segment cannot be written (ENOSPC). See the report of issue 8.
    it.todo('embedded database (PGlite) on a full disk: refuses the upload and keeps serving');
  },
);
