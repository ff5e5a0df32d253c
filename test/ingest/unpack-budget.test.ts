import { recordFields } from '../../schemas/record.ts';
import { createUnpackBudget } from '../../api/src/ingest/unpack-budget.ts';
import { readXlsxTable } from '../../api/src/ingest/xlsx.ts';
import { writeXlsx } from '../../api/src/ingest/xlsx-write.ts';
import { createTestApp, testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';
import { validRow } from '../support/records.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A workbook of `rows` valid records; `variant` makes each file different (no same-file shortcut). */
const workbook = (variant: number, rows = 200) =>
  writeXlsx(
    [...recordFields],
    Array.from({ length: rows }, (_, i) => recordFields.map((field) => validRow(variant * 10_000 + i)[field])),
  );

/** What unpacking this workbook reserves: the declared unpacked size of its archive. */
function reservationOf(bytes: Uint8Array): number {
  let reserved = 0;
  readXlsxTable(bytes, {
    maxUnpackedBytes: 400 * 1024 * 1024,
    maxEntries: 1000,
    maxRows: 1_000_000,
    maxColumns: 64,
    reserveUnpacked: (n) => (reserved += n),
  });
  return reserved;
}

describe('the process-wide unpack budget', () => {
  it('refuses a reservation that does not fit, and gives everything back on release', () => {
    const budget = createUnpackBudget(100);
    const a = budget.session();
    const b = budget.session();
    a.reserve(60);
    expect(() => b.reserve(50)).toThrow(
      expect.objectContaining({ kind: 'unavailable', code: 'unpack_budget_exhausted', hints: { retryAfterSeconds: 30 } }),
    );
    b.reserve(40);
    expect(budget.inUse()).toBe(100);
    a.release();
    a.release(); // twice is harmless
    expect(budget.inUse()).toBe(40);
    b.release();
    expect(budget.inUse()).toBe(0);
  });
});

describe.each(engines)('parallel XLSX uploads under a small unpack budget on %s', (engine) => {
  let db: TestDatabase;
  let bearer: Record<string, string>;
  let app: ReturnType<typeof createTestApp>;
  const files = Array.from({ length: 5 }, (_, i) => workbook(i + 1));
  const perUpload = Math.max(...files.map(reservationOf));
  // Room for two uploads at a time, not three.
  const budget = createUnpackBudget(Math.floor(perUpload * 2.5));

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const keys = testKeys();
    app = createTestApp(db, keys, { uploadLimits: { unpackBudget: budget } });
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
    bearer = { authorization: `Bearer ${token.access_token}`, 'content-type': xlsxType };
  });
  afterAll(async () => db?.close());

  const upload = (bytes: Uint8Array) =>
    app.request('/api/v1/submissions?period=2025-H2', { method: 'POST', headers: bearer, body: bytes as unknown as BodyInit });
  const storedSubmissions = async () => (await db.sql`select count(*)::int as n from submissions`)[0].n as number;

  it('refuses the uploads that do not fit with 503, Retry-After and a Dutch and English message, stores the others, and frees the budget', async () => {
    expect(perUpload).toBeGreaterThan(10_000);
    const before = await storedSubmissions();
    const responses = await Promise.all(files.map(upload));
    const statuses = responses.map((r) => r.status);
    const refused = responses.filter((r) => r.status === 503);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toBe('30');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await response.json();
      expect(problem).toMatchObject({ status: 503, code: 'unpack_budget_exhausted' });
      expect(problem.message.nl).toContain('Er is niets opgeslagen');
      expect(problem.message.en).toContain('Nothing was stored');
    }
    // Nothing stored for a refused upload: one submission per accepted one.
    expect(await storedSubmissions()).toBe(before + statuses.filter((s) => s === 201).length);
    expect(budget.inUse()).toBe(0);

    // Free again: a refused file now goes through.
    const retried = await upload(files[statuses.indexOf(503)]);
    expect(retried.status).toBe(201);
    expect(budget.inUse()).toBe(0);
  }, 60_000);

  it('also frees the budget when an upload is refused after unpacking (validation errors)', async () => {
    const broken = writeXlsx(
      [...recordFields],
      [recordFields.map((field) => (field === 'goalAttainment' ? 'misschien' : validRow(99_999)[field]))],
    );
    const response = await upload(broken);
    expect(response.status).toBe(422);
    expect(budget.inUse()).toBe(0);
  });
});
