import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAccessLog } from '../../api/src/audit/verify.ts';
import { openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { startPortalProcess, type PortalProcess } from '../support/process.ts';

/** SPEC §5: two API processes on one PostgreSQL write the log at once; the chain must not fork or gap. */
describe('the access log written by two API processes at once', () => {
  let db: TestDatabase;
  const portals: PortalProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { migrated: false });
    const env = {
      DATABASE_URL: db.url!,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-two-')),
      DEMO: 'true',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'warn',
    };
    portals.push(await startPortalProcess(env, 180_000));
    portals.push(await startPortalProcess(env, 180_000));
  }, 400_000);

  afterAll(async () => {
    for (const portal of portals) await portal.stop();
    await db?.close();
  });

  it('keeps one gap-free chain that verifies', async () => {
    const [{ before }] = await db.sql`select max(seq)::int as before from access_log`;
    // Denied requests and failed logins are each logged; half go to each process, all at once.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const base = portals[i % 2].url;
        return i % 4 === 0
          ? fetch(`${base}/api/v1/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: `nobody${i}@test.nl`, password: 'x', totp: '000000' }),
            })
          : fetch(`${base}/api/v1/codes`);
      }),
    );
    const [{ n, max }] = await db.sql`select count(*)::int as n, max(seq)::int as max from access_log`;
    expect(max - before).toBeGreaterThanOrEqual(200);
    expect(n).toBe(max);
    const [{ distinct }] = await db.sql`select count(distinct hash)::int as distinct from access_log`;
    expect(distinct).toBe(n);
    const result = await verifyAccessLog(db.sql, generateKeyPairSync('ed25519').privateKey, '/nonexistent/checkpoints', {
      engine: 'postgres',
    });
    expect(result).toMatchObject({ ok: true, checkedThrough: max });
  });
});
