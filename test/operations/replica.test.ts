import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { verifyAccessLog } from '../../api/src/audit/verify.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/global-setup.ts';
import { startPortalProcess, type PortalProcess } from '../support/process.ts';
import { startStreamingReplica, type Replica } from '../support/replica.ts';
import { inspect, loginAsDemo, submissionsSeen, upload, uploadPeriod, validCsv, waitFor, type Session } from '../reliability/support.ts';

/**
 * docs/deployment.md: N stateless API processes on one PostgreSQL primary, with a streaming replica
 * for the dashboards. Two processes run with DATABASE_URL = the primary and DATABASE_READ_URL = a
 * replica made with pg_basebackup -R. With the replica's replay paused, an upload commits on the
 * primary and the upload history (primary) shows it at once, while the indicator reads of both
 * processes still show what the replica has; their access-log entries are written on the primary
 * all the same. Once replay resumes, the reads show the new submission.
 */
describe('indicator reads from a streaming replica, everything else on the primary', () => {
  let primary: PostgresCluster;
  let replica: Replica | undefined;
  let onPrimary: ReturnType<typeof inspect>;
  let onReplica: ReturnType<typeof inspect>;
  let dataDir: string;
  const portals: PortalProcess[] = [];

  beforeAll(async () => {
    primary = await startPostgresCluster();
    const admin = postgres(primary.url, { max: 1, onnotice: () => {} });
    await admin.unsafe('create database portal');
    await admin.end();
    replica = await startStreamingReplica(primary.url);
    const primaryUrl = primary.url.replace(/\/postgres$/, '/portal');
    const replicaUrl = replica.url.replace(/\/postgres$/, '/portal');
    onPrimary = inspect(primaryUrl);
    onReplica = inspect(replicaUrl);
    dataDir = mkdtempSync(join(tmpdir(), 'rp-replica-api-'));
    const env = {
      DATABASE_URL: primaryUrl,
      DATABASE_READ_URL: replicaUrl,
      DATA_DIR: dataDir,
      DEMO: 'true',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'warn',
    };
    portals.push(await startPortalProcess(env, 180_000, 'node')); // migrates and loads the demo region on the primary
    portals.push(await startPortalProcess(env, 180_000, 'node'));
  }, 300_000);

  afterAll(async () => {
    for (const portal of portals) await portal.stop();
    await onPrimary?.end();
    await onReplica?.end();
    await replica?.stop();
    await primary?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The version of the provider's own submission behind its 2026-H1 figures, as one process reads them. */
  const versionInFigures = async (portal: PortalProcess, session: Session) => {
    const response = await fetch(`${portal.url}/api/v1/indicators?period=${uploadPeriod}&productCategory=45`, {
      headers: { cookie: session.cookie },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rows: Array<{ provider: { agb: string }; submission: { version: number } }> };
    return body.rows.find((row) => row.provider.agb === session.agb)!.submission.version;
  };
  const readsLogged = async () =>
    Number((await onPrimary`select count(*)::int as n from access_log where action = 'indicators.read'`)[0].n);

  it('shows the replica’s data in the figures, takes the upload and every access-log entry on the primary, and catches up after replay', async () => {
    expect((await onReplica`select pg_is_in_recovery() as standby`)[0].standby).toBe(true);
    expect((await onPrimary`select count(*)::int as n from pg_stat_replication where state = 'streaming'`)[0].n).toBe(1);
    const [{ n: onPrimaryRecords }] = await onPrimary`select count(*)::int as n from outcome_records`;
    await waitFor(
      'the replica to have the demo region',
      async () => ((await onReplica`select count(*)::int as n from outcome_records`)[0].n === onPrimaryRecords ? true : undefined),
      30_000,
    );

    const provider = await loginAsDemo(portals[0], 'provider');
    const before = await versionInFigures(portals[0], provider);
    expect(await versionInFigures(portals[1], provider)).toBe(before);

    // Hold the replica back, then commit an upload: it lands on the primary.
    await onReplica`select pg_wal_replay_pause()`;
    const committed = await upload(portals[0], provider, validCsv(provider.agb, 300, 'replica'));
    expect(committed.status).toBe(201);
    const current = (await submissionsSeen(portals[1], provider)).find((s) => s.status === 'current')!;
    expect(current).toMatchObject({ version: before + 1, recordCount: 300 });

    // Both processes read the figures from the replica, which has not replayed the commit yet, and
    // log each read on the primary (a replica refuses writes: a log entry sent there would fail).
    const logged = await readsLogged();
    expect(await versionInFigures(portals[0], provider)).toBe(before);
    expect(await versionInFigures(portals[1], provider)).toBe(before);
    expect(await readsLogged()).toBe(logged + 2);

    // Replication resumes: the figures of both processes follow.
    await onReplica`select pg_wal_replay_resume()`;
    await waitFor(
      'the figures to show the new submission',
      async () => ((await versionInFigures(portals[1], provider)) === before + 1 ? true : undefined),
      30_000,
      100,
    );
    expect(await versionInFigures(portals[0], provider)).toBe(before + 1);

    // One access log, on the primary, gap-free, and its chain verifies.
    const [{ n, max }] = await onPrimary`select count(*)::int as n, max(seq)::int as max from access_log`;
    expect(n).toBe(max);
    const verified = await verifyAccessLog(onPrimary as never, generateKeyPairSync('ed25519').privateKey, join(dataDir, 'none.jsonl'), {
      engine: 'postgres',
    });
    expect(verified).toMatchObject({ ok: true, checkedThrough: max });
  }, 120_000);
});
