import { gunzipSync } from 'node:zlib';
import type { Actor } from '../../api/src/auth/actor.ts';
import { indicatorTable } from '../../api/src/indicators/comparisons.ts';
import { engines } from '../support/engines.ts';
import { csvOf, validRow } from '../support/records.ts';
import { openDialogueRegion, type DialogueRegion } from '../dialogues/fixture.ts';

/**
 * Comparison answers are remembered per region data revision (api/src/indicators/answers.ts).
 * These tests show that a remembered answer is never one it should not be: a commit, a changed
 * output rule and another viewer each get their own; every read is still logged; and a caller
 * changing the object it got does not change what the next one gets.
 *
 * Region: the hand-checked dialogue fixture; in 2025-H2, category 45, dropout A (98000010) 6/18,
 * B 2/40, C 1/8, D 3/30.
 */
type Figure = { indicator: string; suppressed: boolean; reason?: string; x?: number; n?: number };
type Table = {
  computedAt: string;
  rows: Array<{ provider: { agb: string; name: string }; submission: { version: number }; figures: Figure[] }>;
  region: { figures: Figure[] };
};

describe.each(engines)('remembered comparison answers on %s', (engine) => {
  let region: DialogueRegion;

  beforeAll(async () => {
    region = await openDialogueRegion(engine, { smallCell: true });
  });
  afterAll(async () => region?.db.close());

  const get = async <T = Table>(role: 'provider' | 'contract_manager', path: string) => {
    const response = await region.request(role, 'GET', path);
    expect(response.status).toBe(200);
    return response.body as T;
  };
  const raw = (path: string, headers: Record<string, string> = {}) =>
    region.app.request(`/api/v1${path}`, { headers: { cookie: region.cookies.contract_manager, ...headers } });
  const dropoutOf = (table: Table, agb: string) =>
    table.rows.find((r) => r.provider.agb === agb)!.figures.find((f) => f.indicator === 'dropout')!;
  const table = '/indicators?period=2025-H2&productCategory=45';
  const readsLogged = async () =>
    Number((await region.db.sql`select count(*)::int as n from access_log where action = 'indicators.read'`)[0].n);

  it('answers the same question from memory, and still logs every read', async () => {
    const logged = await readsLogged();
    const first = await get('contract_manager', table);
    const second = await get('contract_manager', table);
    expect(second).toEqual(first); // computedAt included: the second answer was not computed again
    expect(await readsLogged()).toBe(logged + 2);
    expect(dropoutOf(first, '98000020')).toMatchObject({ suppressed: false, x: 2, n: 40 });
  });

  it('sends the answer gzipped to clients that accept it, the same JSON', async () => {
    const plain = await raw(table);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    const zipped = await raw(table, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
    expect(zipped.headers.get('cache-control')).toContain('no-store');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 3);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    const refused = await raw(table, { 'accept-encoding': 'br, gzip;q=0' });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(await refused.text()).toBe(text);
  });

  it('gives each viewer its own answer within one data revision', async () => {
    const provider = await get('provider', table);
    const manager = await get('contract_manager', table);
    const providerAgain = await get('provider', table);
    expect(provider.rows.map((r) => r.provider.agb)).toEqual(['98000010']);
    expect(manager.rows.map((r) => r.provider.agb).sort()).toEqual(['98000010', '98000020', '98000030', '98000040']);
    expect(providerAgain).toEqual(provider);
    // Unsuppressed for the provider itself (n 18), hidden for the manager (complementary to C's small n).
    expect(dropoutOf(provider, '98000010')).toMatchObject({ suppressed: false, x: 6, n: 18 });
    expect(dropoutOf(manager, '98000010')).toMatchObject({ suppressed: true });
    const funnelPath = '/comparisons/funnel?period=2025-H2&productCategory=45&indicator=dropout';
    type Funnel = { points: Array<{ provider: { agb: string } | null; own: boolean }> };
    const providerFunnel = await get<Funnel>('provider', funnelPath);
    const managerFunnel = await get<Funnel>('contract_manager', funnelPath);
    expect(providerFunnel.points.filter((p) => p.provider !== null).map((p) => p.provider!.agb)).toEqual(['98000010']);
    expect(managerFunnel.points.filter((p) => p.provider !== null).map((p) => p.provider!.agb)).toEqual(['98000020']);
    expect((await get<Funnel>('provider', funnelPath)).points.filter((p) => p.provider !== null).length).toBe(1);
  });

  it('applies a changed minimum n at once', async () => {
    const before = await get('contract_manager', table);
    expect(dropoutOf(before, '98000010')).toMatchObject({ suppressed: true, reason: 'complementary' });
    expect((await region.request('admin', 'PATCH', '/admin/region', { body: { minN: 20 } })).status).toBe(200);
    const after = await get('contract_manager', table);
    expect(dropoutOf(after, '98000010')).toMatchObject({ suppressed: true, reason: 'small_n' }); // 18 < 20
    // A and C small now: D stays hidden, or C would know A from the total (and A C).
    expect(dropoutOf(after, '98000040')).toMatchObject({ suppressed: true, reason: 'complementary' });
    expect(dropoutOf(after, '98000020')).toMatchObject({ suppressed: false, n: 40 });
    expect((await region.request('admin', 'PATCH', '/admin/region', { body: { minN: 10 } })).status).toBe(200);
    expect(await get('contract_manager', table)).toMatchObject({ rows: before.rows });
  });

  it('answers with the new figures right after a commit', async () => {
    const before = await get('contract_manager', table);
    expect(before.rows.find((r) => r.provider.agb === '98000010')!.submission.version).toBe(1);
    // A replaces its submission through the real upload: 30 trajectories in category 45, 9 dropouts.
    const rows = Array.from({ length: 30 }, (_, i) =>
      validRow(i, { productCategory: '45', municipalityCode: '0518', endReason: i < 9 ? '03' : '01' }),
    );
    const upload = await region.request('provider', 'POST', '/submissions?period=2025-H2', {
      body: csvOf(rows),
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(201);
    const after = await get('contract_manager', table);
    expect(after.computedAt > before.computedAt).toBe(true);
    expect(after.rows.find((r) => r.provider.agb === '98000010')!.submission.version).toBe(2);
    expect(after.region.figures.find((f) => f.indicator === 'dropout')).toMatchObject({ x: 9 + 2 + 1 + 3, n: 30 + 40 + 8 + 30 });
    expect((await get('provider', table)).rows[0].figures.find((f) => f.indicator === 'dropout')).toMatchObject({ x: 9, n: 30 });
  });

  it('hands callers in the portal a copy they may change', async () => {
    const [user] = await region.db
      .sql`select u.id, o.id as organisation_id from users u join organisations o on o.id = u.organisation_id where u.role = 'contract_manager'`;
    const actor: Actor = {
      type: 'user',
      id: String(user.id),
      role: 'contract_manager',
      organisationId: Number(user.organisationId),
      organisationCode: null,
      regionCode: 'H10',
      scopes: [],
    };
    const origin = { ip: '127.0.0.1', requestId: null };
    const first = (await indicatorTable(region.db.sql, actor, { period: '2025-H2', productCategory: '45' }, origin)) as unknown as Table;
    const expected = structuredClone(first);
    first.rows.length = 0;
    first.region.figures[0].suppressed = !first.region.figures[0].suppressed;
    const second = (await indicatorTable(region.db.sql, actor, { period: '2025-H2', productCategory: '45' }, origin)) as unknown as Table;
    expect(second).toEqual(expected);
  });
});
