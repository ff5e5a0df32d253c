import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { capturingLogger, createTestApp, testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';
import { csvOf, validRow } from '../support/records.ts';

describe.each(engines)('upload limits, volume and privacy on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let small: ReturnType<typeof createTestApp>;
  let bearer: Record<string, string>;
  const captured = capturingLogger();

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const keys = testKeys();
    app = createTestApp(db, keys, { logger: captured.logger });
    small = createTestApp(db, keys, { uploadLimits: { maxBytes: 20_000, maxRows: 5 } });
    const region = await seedTestRegion(db.sql, keys.secretBoxKey);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: region.client.clientId,
      client_secret: region.client.clientSecret,
    });
    const token = await (
      await app.request('/api/v1/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })
    ).json();
    bearer = { authorization: `Bearer ${token.access_token}`, 'content-type': 'text/csv' };
  });
  afterAll(async () => db?.close());

  const post = (target: typeof app, body: string, query = 'period=2025-H2') =>
    target.request(`/api/v1/submissions?${query}`, { method: 'POST', headers: bearer, body });

  it('stores 100,000 rows in one submission and counts them all', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => validRow(i));
    const response = await post(app, csvOf(rows));
    expect(response.status).toBe(201);
    const { submission, report } = await response.json();
    expect(report).toMatchObject({ rowCount: 100_000, acceptedRowCount: 100_000, errorCount: 0 });
    expect(submission.recordCount).toBe(100_000);
    const [{ n, ids }] =
      await db.sql`select count(*)::int as n, count(distinct record_id)::int as ids from outcome_records where submission_id = ${submission.id}`;
    expect([n, ids]).toEqual([100_000, 100_000]);
  }, 120_000);

  it('lists the first 1,000 errors in full and counts the rest', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => validRow(i, { goalAttainment: 'misschien' }));
    const response = await post(app, csvOf(rows), 'period=2025-H2&dryRun=true');
    const { report } = await response.json();
    expect(report).toMatchObject({ errorCount: 1500, truncated: true, rejectedRowCount: 1500 });
    expect(report.errors).toHaveLength(1000);
    expect(report.errorsByCode).toEqual([expect.objectContaining({ code: 'goal_attainment_unknown', count: 1500 })]);
  });

  it('answers 413 with the limit named for too many rows, a too large body and too many columns', async () => {
    const tooMany = await post(small, csvOf(Array.from({ length: 6 }, (_, i) => validRow(i))));
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).message.nl).toMatch(/meer dan 5 rijen/);
    const logged = async () =>
      (await db.sql`select count(*)::int as n from access_log where action like 'submission.%' and result = 'error'`)[0].n;
    const before = await logged();
    const tooLarge = await post(small, 'x'.repeat(30_000));
    expect(tooLarge.status).toBe(413);
    expect(await logged()).toBe(before + 1); // refused before parsing, and still logged once
    const problem = await tooLarge.json();
    expect(problem).toMatchObject({ code: 'payload_too_large', limitBytes: 20_000 });
    const wide = await post(app, `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(';')}\n1;2\n`);
    expect(wide.status).toBe(413);
    expect((await wide.json()).code).toBe('too_many_columns');
  });

  it('stops reading a body that announces more than the limit and closes the connection', async () => {
    const server = serve({ fetch: small.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    const { status, connection } = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/submissions?period=2025-H2',
          headers: { ...bearer, 'content-length': String(500 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode!, connection: res.headers.connection });
          req.destroy();
        },
      );
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
      req.write('recordId;clientPseudonym\n'); // then nothing more: the server must not wait for 500 MB
    });
    expect(status).toBe(413);
    expect(connection).toBe('close');
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => server.close(resolve));
  });

  it('never writes a fixture BSN or a first-layer pseudonym to the logs or the database', async () => {
    const bsn = '111222333';
    await post(app, csvOf([validRow(1, { recordId: bsn }), validRow(2, { ageAtStart: bsn })]));
    await post(
      app,
      csvOf([{ ...validRow(3), bsn } as never], { header: [...Object.keys(validRow(0)), 'bsn'] }),
      'period=2025-H2&dryRun=true',
    );
    const dump = JSON.stringify(
      await Promise.all(
        ['access_log', 'submissions', 'outcome_records', 'users', 'organisations'].map((table) => db.sql`select * from ${db.sql(table)}`),
      ),
    );
    const logs = captured.lines.join('\n');
    expect(logs).toContain('"route":"POST /api/v1/submissions"');
    for (const haystack of [dump, logs]) {
      expect(haystack).not.toContain(bsn);
      expect(haystack).not.toMatch(/p1:[0-9a-f]{64}/);
    }
  });
});
