import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedDeliveries, isLate } from '../../api/src/deliveries/expected.ts';
import { testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';

describe('isLate', () => {
  it('counts the whole deadline day in Dutch time as on time', () => {
    // 2026-01-21 23:30 in Amsterdam is 22:30 UTC: still the deadline day.
    expect(isLate('2026-01-21T22:30:00Z', '2026-01-21')).toBe(false);
    // 23:30 UTC is 00:30 on the 22nd in Amsterdam: late.
    expect(isLate('2026-01-21T23:30:00Z', '2026-01-21')).toBe(true);
    expect(isLate('2026-01-22T10:00:00Z', '2026-01-21')).toBe(true);
  });
});

describe.each(engines)('expectedDeliveries (%s)', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await seedTestRegion(db.sql, testKeys().secretBoxKey);
    const orgs = await db.sql`select id, code from organisations where kind = 'provider' order by code`;
    const [a, b] = orgs.map((o) => Number(o.id));
    await db.sql`insert into provider_contracts (region_code, provider_id, product_category, valid_from, valid_until) values
      ('H10', ${a}, '45', '2025-01-01', null),
      ('H10', ${a}, '54', '2025-01-01', '2025-06-30'),
      ('H10', ${b}, '54', '2025-01-01', null)`;
    // A: version 1 on the deadline day (late at night, Dutch time), replaced by version 2 after it.
    await db.sql`insert into submissions (region_code, provider_id, period_code, version, status, record_count, file_sha256, content_type, submitted_at)
      values ('H10', ${a}, '2025-H2', 1, 'replaced', 1, ${'a'.repeat(64)}, 'text/csv', '2026-01-21T22:30:00Z')`;
    const [v2] =
      await db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type, submitted_at)
      values ('H10', ${a}, '2025-H2', 2, 1, ${'b'.repeat(64)}, 'text/csv', '2026-01-25T10:00:00Z') returning id`;
    await db.sql`insert into outcome_records (submission_id, region_code, provider_id, period_code, record_id, client_pseudonym, provider_agb,
        municipality_code, product_category, start_date, end_date, age_at_start, end_reason, goal_attainment)
      values (${v2.id}, 'H10', ${a}, '2025-H2', 'R1', ${`v1:${'0'.repeat(64)}`}, '98000010', '0518', '45', '2025-03-01', '2025-09-01', 10, '01', 'onbekend')`;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('lists contracted providers with the categories whose contract overlaps the period', async () => {
    const h2 = await expectedDeliveries(db.sql, 'H10', '2025-H2');
    expect(h2).toEqual([
      {
        providerId: expect.any(Number),
        providerAgb: '98000010',
        providerName: 'Aanbieder A',
        productCategories: ['45'],
        delivered: true,
        firstSubmittedAt: '2026-01-21T22:30:00.000Z',
        late: false,
        deliveredCategories: ['45'],
      },
      {
        providerId: expect.any(Number),
        providerAgb: '98000020',
        providerName: 'Aanbieder B',
        productCategories: ['54'],
        delivered: false,
        firstSubmittedAt: null,
        late: null,
        deliveredCategories: [],
      },
    ]);
    const h1 = await expectedDeliveries(db.sql, 'H10', '2025-H1');
    expect(h1.map((e) => [e.providerAgb, e.productCategories, e.delivered])).toEqual([
      ['98000010', ['45', '54'], false],
      ['98000020', ['54'], false],
    ]);
  });

  it('gives an empty list for an unknown period or region', async () => {
    expect(await expectedDeliveries(db.sql, 'H10', '2030-H1')).toEqual([]);
    expect(await expectedDeliveries(db.sql, 'XX', '2025-H2')).toEqual([]);
  });
});
