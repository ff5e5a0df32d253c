import { mkdtempSync, rmSync } from 'node:fs';
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
  sleep,
  upload,
  uploadPeriod,
  validCsv,
  waitFor,
  type Session,
} from './support.ts';

/**
 * Issue 8: PostgreSQL stops while requests are in flight. The API answers 503 problem details with
 * Retry-After (never a crash, a 500, a 401 or a dropped connection), /readyz says 503 while the
 * database is away and 200 once it is back, and the API recovers by itself: no restart needed.
 * The test runs its own cluster, so stopping it disturbs no other test.
 */

interface Outcome {
  request: string;
  sentAt: number;
  ms: number;
  status?: number;
  contentType?: string | null;
  retryAfter?: string | null;
  code?: string;
  error?: string;
}

/** Keeps `parallel` clients busy with reads and commits until stopped; every answer is kept. */
function startLoad(portal: PortalProcess, session: Session, parallel = 6) {
  const outcomes: Outcome[] = [];
  let running = true;
  let uploads = 0;
  const requests: Array<[string, () => Promise<Response>]> = [
    ['GET /readyz', () => fetch(`${portal.url}/api/v1/readyz`)],
    ['GET /me', () => fetch(`${portal.url}/api/v1/me`, { headers: { cookie: session.cookie } })],
    ['GET /submissions', () => fetch(`${portal.url}/api/v1/submissions?period=${uploadPeriod}`, { headers: { cookie: session.cookie } })],
    [
      'GET /indicators',
      () => fetch(`${portal.url}/api/v1/indicators?period=2025-H2&productCategory=45`, { headers: { cookie: session.cookie } }),
    ],
    // A commit of its own 3,000 rows each time: a COPY is in flight when the database goes.
    ['POST /submissions', () => upload(portal, session, validCsv(session.agb, 3_000, `load${++uploads}`))],
  ];
  const loop = async (offset: number) => {
    for (let i = offset; running; i++) {
      const [request, send] = requests[i % requests.length];
      const sentAt = Date.now();
      try {
        const response = await send();
        const body = (await response.json().catch(() => ({}))) as { code?: string };
        outcomes.push({
          request,
          sentAt,
          ms: Date.now() - sentAt,
          status: response.status,
          contentType: response.headers.get('content-type'),
          retryAfter: response.headers.get('retry-after'),
          code: body.code,
        });
      } catch (error) {
        outcomes.push({ request, sentAt, ms: Date.now() - sentAt, error: String((error as Error).cause ?? error) });
      }
    }
  };
  const loops = Array.from({ length: parallel }, (_, i) => loop(i));
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

const isSuccess = (o: Outcome) => o.status !== undefined && o.status >= 200 && o.status < 300;
const isUnavailableProblem = (o: Outcome) =>
  o.status === 503 &&
  (o.contentType ?? '').startsWith('application/problem+json') &&
  o.retryAfter !== null &&
  Number(o.retryAfter) > 0 &&
  o.code === 'service_unavailable';

describe('PostgreSQL stops while requests are in flight (own cluster)', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let monitor: ReturnType<typeof inspect>;
  let env: Record<string, string>;
  let portal: PortalProcess;
  let session: Session;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
    await admin.unsafe('create database outage');
    await admin.end();
    databaseUrl = cluster.url.replace(/\/postgres$/, '/outage');
    env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-outage-')),
      DEMO: 'true',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'warn',
    };
    portal = await startPortalProcess(env);
    session = await loginAsDemo(portal);
  }, 120_000);

  afterAll(async () => {
    await monitor?.end({ timeout: 1 });
    if (portal) await killPortal(portal);
    await cluster?.stop();
    if (env) rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  for (const mode of ['fast', 'immediate'] as const) {
    it(`pg_ctl stop -m ${mode}: 503 with Retry-After at once while it is down, readiness follows, and it recovers by itself`, async ({
      onTestFailed,
    }) => {
      onTestFailed(() =>
        console.log(`portal exit code ${portal.child.exitCode}; its output ends:\n${portal.output().split('\n').slice(-15).join('\n')}`),
      );
      const load = startLoad(portal, session);
      await waitFor(
        'some requests to succeed first',
        async () => (load.outcomes.filter(isSuccess).length >= 10 ? true : undefined),
        20_000,
      );

      await cluster.pause(mode);
      const downAt = Date.now();
      // While it is down: readiness says so, liveness does not, and the answers are 503 problems.
      await sleep(1_000);
      const ready = await fetch(`${portal.url}/api/v1/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(ready.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await ready.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect((await fetch(`${portal.url}/api/v1/healthz`)).status).toBe(200);
      await sleep(2_000);

      await cluster.resume();
      const resumedAt = Date.now();
      await waitFor(
        'readiness to return',
        async () => ((await fetch(`${portal.url}/api/v1/readyz`)).status === 200 ? true : undefined),
        20_000,
        100,
      );
      const readyAt = Date.now();
      await waitFor(
        'requests to succeed again',
        async () => (load.outcomes.filter((o) => o.sentAt >= readyAt && isSuccess(o)).length >= 20 ? true : undefined),
        30_000,
      );
      const outcomes = await load.stop();
      const timeline = (list: Outcome[]) =>
        list
          .slice(0, 8)
          .map((o) => `${o.request} sent ${o.sentAt - downAt} ms after the stop: ${o.status ?? o.error} after ${o.ms} ms`)
          .join('; ');

      // Every answer was a success or a 503 problem with Retry-After: no 500, no 401, no dropped connection.
      const unexpected = outcomes.filter((o) => !isSuccess(o) && !isUnavailableProblem(o));
      expect(unexpected, `unexpected answers: ${timeline(unexpected)}`).toEqual([]);
      // Requests sent while it was down were not held: a 503 within 3 s, or served soon after it was back
      // (postgres.js's default reconnect backoff held them for up to 20 s).
      const whileDown = outcomes.filter((o) => o.sentAt >= downAt && o.sentAt < resumedAt);
      expect(whileDown.filter(isUnavailableProblem).length).toBeGreaterThan(10);
      const held = whileDown.filter((o) => (isSuccess(o) ? o.sentAt + o.ms - resumedAt > 8_000 : o.ms > 3_000));
      expect(held, `held too long while the database was down: ${timeline(held)}`).toEqual([]);
      // Readiness came back by itself, soon; after that nothing failed any more.
      expect(readyAt - resumedAt).toBeLessThan(5_000);
      const late = outcomes.filter((o) => o.sentAt >= readyAt && !isSuccess(o));
      expect(late, `failed after readiness returned: ${timeline(late)}`).toEqual([]);
      expect(portal.child.exitCode).toBeNull();

      // The same session works, a commit stores everything, and no upload cut off by the outage left rows behind.
      expect((await fetch(`${portal.url}/api/v1/me`, { headers: { cookie: session.cookie } })).status).toBe(200);
      const committed = await upload(portal, session, validCsv(session.agb, 1_000, `after-${mode}`));
      expect(committed.status).toBe(201);
      monitor ??= inspect(databaseUrl);
      await checkNothingHalfStored(monitor, session.agb);
      expect(portal.output()).not.toMatch(/uncaught|unhandled/i);
    }, 60_000);
  }

  it('the access log still verifies after both outages, and the API stops cleanly', async () => {
    await auditVerifies(env);
    expect(await portal.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
