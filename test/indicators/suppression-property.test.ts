import fc from 'fast-check';
import { createProvider } from '../../api/src/admin/organisations.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { refreshRegion } from '../../api/src/indicators/refresh.ts';
import { protectEquation, type Part, type SuppressionReason } from '../../schemas/stats/suppression.ts';
import { createTestApp } from '../support/app.ts';
import { openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

const minN = 10;

describe('suppression of one equation (pure)', () => {
  /** Every value each unknown hidden part can take, by enumerating all assignments (independent of feasibleRanges). */
  function possibleValues(parts: Part[], hidden: Map<string, SuppressionReason>, total: number, reader: string | null) {
    const unknown = parts.filter((p) => hidden.has(p.key) && p.owner !== reader);
    const known = parts.filter((p) => !unknown.includes(p)).reduce((s, p) => s + p.n, 0);
    const ranges = unknown.map((p) => (hidden.get(p.key) === 'small_n' ? [1, minN - 1] : [minN, total]));
    const seen = unknown.map(() => new Set<number>());
    const walk = (i: number, sum: number, values: number[]) => {
      if (i === unknown.length) {
        if (sum === total - known) values.forEach((v, j) => seen[j].add(v));
        return;
      }
      for (let v = ranges[i][0]; v <= ranges[i][1] && sum + v <= total - known; v++) walk(i + 1, sum + v, [...values, v]);
    };
    walk(0, 0, []);
    return unknown.map((p, j) => ({ key: p.key, values: seen[j] }));
  }

  it('hides every small part, and leaves no reader (nor an owner knowing its own part) a hidden part with one possible value', () => {
    const parts = fc.array(fc.record({ owner: fc.constantFrom('a', 'b', 'c', 'd', 'e'), n: fc.integer({ min: 0, max: 16 }) }), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(parts, (raw) => {
        const list: Part[] = raw.map((p, i) => ({ key: String(i), owner: p.owner, n: p.n }));
        const total = list.reduce((s, p) => s + p.n, 0);
        const { hidden, hideTotal } = protectEquation(list, { exact: total }, minN);
        list.forEach((p) => p.n > 0 && p.n < minN && expect(hidden.has(p.key)).toBe(true));
        if (hideTotal) return;
        for (const reader of [null, ...new Set(list.map((p) => p.owner))]) {
          for (const { key, values } of possibleValues(list, hidden, total, reader)) {
            if (values.size < 2)
              throw new Error(
                `part ${key} (n ${list[Number(key)].n}) has only ${[...values]} for reader ${reader} in ${JSON.stringify(list)}`,
              );
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});

/**
 * Through the API: a contract manager reads the region-wide table and every municipality's
 * table. Treat every shown n as known, then solve every sum (region = Σ providers, provider =
 * Σ its municipality parts) that has one unknown left, until nothing changes. No n below the
 * minimum may become known. (The denominators are what small-number rules protect; x ≤ n.)
 */
describe('suppression through the API, for every combination of filters a contract manager can ask', () => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let cookie: string;
  const providers = ['98000010', '98000020', '98000030', '98000040', '98000050'];
  const municipalities = ['0518', '0503'];

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    app = createTestApp(db);
    const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    for (const agb of providers.slice(2))
      await createProvider(db.sql, systemActor('test', 'H10'), { agb, name: `Aanbieder ${agb}`, regionCode: 'H10' });
    cookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: loginBody(region.users.contract_manager),
      }),
    );
  });
  afterAll(async () => db?.close());

  async function load(counts: number[][]) {
    await db.sql`delete from indicator_cells`;
    await db.sql`delete from reentry_cells`;
    await db.sql`delete from outcome_records`;
    await db.sql`delete from submissions`;
    let serial = 0;
    for (const [p, agb] of providers.entries()) {
      const [org] = await db.sql`select id from organisations where code = ${agb}`;
      const [submission] =
        await db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type)
        values ('H10', ${org.id}, '2025-H2', 1, 0, ${'c'.repeat(64)}, 'text/csv') returning id`;
      const rows = municipalities.flatMap((m, mi) =>
        Array.from({ length: counts[p][mi] }, (_, i) => ({
          submission_id: submission.id,
          region_code: 'H10',
          provider_id: org.id,
          period_code: '2025-H2',
          record_id: `S${++serial}`,
          client_pseudonym: `v1:${serial.toString(16).padStart(64, '0')}`,
          provider_agb: agb,
          municipality_code: m,
          product_category: '45',
          start_date: '2025-03-01',
          end_date: '2025-09-01',
          age_at_start: 8,
          end_reason: i % 3 === 0 ? '03' : '01',
          goal_attainment: 'onbekend',
        })),
      );
      if (rows.length > 0) await db.sql`insert into outcome_records ${db.sql(rows)}`;
    }
    // One trajectory a year later moves the region's latest end date, so that every trajectory
    // above has had its 182 days and counts for "geen nieuwe start" (its n is then the count too).
    const [org] = await db.sql`select id from organisations where code = ${providers[0]}`;
    const [later] =
      await db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type)
      values ('H10', ${org.id}, '2026-H2', 1, 1, ${'d'.repeat(64)}, 'text/csv') returning id`;
    await db.sql`insert into outcome_records ${db.sql({
      submission_id: later.id,
      region_code: 'H10',
      provider_id: org.id,
      period_code: '2026-H2',
      record_id: 'LATER',
      client_pseudonym: `v1:${'f'.repeat(64)}`,
      provider_agb: providers[0],
      municipality_code: '0518',
      product_category: '45',
      start_date: '2026-07-01',
      end_date: '2026-09-01',
      age_at_start: 8,
      end_reason: '01',
      goal_attainment: 'onbekend',
    })}`;
    await refreshRegion(db.sql, 'H10');
  }

  async function shownN(indicator: string, path: string): Promise<{ rows: Map<string, number | null>; total: number | null }> {
    const body = await (await app.request(`/api/v1${path}`, { headers: { cookie } })).json();
    const pick = (figures: Array<{ indicator: string; suppressed: boolean; n?: number }>) => {
      const f = figures.find((g) => g.indicator === indicator)!;
      return f.suppressed ? null : f.n!;
    };
    return {
      rows: new Map(body.rows.map((r: { provider: { agb: string }; figures: [] }) => [r.provider.agb, pick(r.figures)])),
      total: pick(body.region.figures),
    };
  }

  // Every trajectory here has a known end reason and has had its 182 days: both n are the counts.
  it.each(['dropout', 'noReentry'])(
    'lets no small number of %s be derived from all tables together',
    async (indicator) => {
      const dropoutN = (path: string) => shownN(indicator, path);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.integer({ min: 0, max: 24 }), { minLength: 2, maxLength: 2 }), { minLength: 5, maxLength: 5 }),
          async (counts) => {
            await load(counts);
            const known = new Map<string, number>();
            const wide = await dropoutN('/indicators?period=2025-H2&productCategory=45');
            if (wide.total !== null) known.set('T', wide.total);
            for (const [agb, n] of wide.rows) if (n !== null) known.set(agb, n);
            for (const m of municipalities) {
              const view = await dropoutN(`/indicators?period=2025-H2&productCategory=45&municipalityCode=${m}`);
              for (const [agb, n] of view.rows) if (n !== null) known.set(`${agb}|${m}`, n);
            }
            // One provider at a time, the funnel (with its peer totals) and the case-mix table.
            for (const agb of providers) {
              const one = await dropoutN(`/indicators?period=2025-H2&productCategory=45&providerAgb=${agb}`);
              const n = one.rows.get(agb);
              if (n !== undefined && n !== null) known.set(agb, n);
            }
            const funnel = await (
              await app.request(`/api/v1/comparisons/funnel?period=2025-H2&productCategory=45&indicator=${indicator}`, {
                headers: { cookie },
              })
            ).json();
            if (funnel.peer.n !== undefined) known.set('T', funnel.peer.n);
            for (const point of funnel.points) if (!point.suppressed) known.set(point.provider.agb, point.n);
            const casemix = await (
              await app.request(`/api/v1/comparisons/casemix?period=2025-H2&productCategory=45&indicator=${indicator}`, {
                headers: { cookie },
              })
            ).json();
            for (const row of casemix.rows) if (!row.suppressed) known.set(row.provider.agb, row.n);
            // A provider or part without records is no row at all: its zero is known to everyone.
            providers.forEach((agb, p) => {
              if (counts[p][0] + counts[p][1] === 0) known.set(agb, 0);
              municipalities.forEach((m, mi) => counts[p][mi] === 0 && known.set(`${agb}|${m}`, 0));
            });
            const equations = [
              { total: 'T', parts: providers },
              ...providers.map((agb) => ({ total: agb, parts: municipalities.map((m) => `${agb}|${m}`) })),
            ];
            for (let changed = true; changed; ) {
              changed = false;
              for (const { total, parts } of equations) {
                const unknown = [total, ...parts].filter((k) => !known.has(k));
                if (unknown.length !== 1) continue;
                const [missing] = unknown;
                const sumParts = parts.reduce((s, k) => s + (known.get(k) ?? 0), 0);
                known.set(missing, missing === total ? sumParts : known.get(total)! - sumParts);
                changed = true;
              }
            }
            // True values (end reason known for every record): every derived small n is a leak.
            const truth = new Map<string, number>();
            providers.forEach((agb, p) => {
              truth.set(agb, counts[p][0] + counts[p][1]);
              municipalities.forEach((m, mi) => truth.set(`${agb}|${m}`, counts[p][mi]));
            });
            for (const [key, value] of known) {
              if (key === 'T') continue;
              expect(value).toBe(truth.get(key));
              if (value > 0 && value < minN) throw new Error(`${key} = ${value} can be derived from the tables`);
            }
          },
        ),
        { numRuns: 25 },
      );
    },
    240_000,
  );
});
