import { describe, expect, it } from 'vitest';
import { DEMO_SEED, generateDemoRegion, type DemoRecord } from '../api/src/admin/demo-region.ts';

const region = generateDemoRegion();
const DAY_MS = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const share = (records: DemoRecord[], test: (r: DemoRecord) => boolean) => records.filter(test).length / records.length;
const dropout = (records: DemoRecord[]) =>
  share(
    records.filter((r) => r.endReason !== '99'),
    (r) => r.endReason === '03',
  );
const hasMeasurement = (r: DemoRecord) =>
  r.youthUsefulness !== null || r.parentUsefulness !== null || r.youthFurtherHelp !== null || r.parentFurtherHelp !== null;

/** Per record: does the same client start a new trajectory within 182 days after its end? */
function reentries(records: DemoRecord[]) {
  const latest = Math.max(...records.map((r) => day(r.endDate)));
  const byClient = groupBy(records, (r) => r.clientKey);
  return records
    .filter((r) => day(r.endDate) <= latest - 182)
    .map((r) => {
      const next = byClient.get(r.clientKey)!.find((o) => day(o.startDate) > day(r.endDate) && day(o.startDate) - day(r.endDate) <= 182);
      return { record: r, next };
    });
}

const CARE_FORMS_BY_CATEGORY: Record<string, (string | null)[]> = {
  '41': ['03', null],
  '43': ['11', '12', '13', '14', null],
  '44': ['11', '12', '13', '14', null],
  '45': ['01', '02', '04', null],
  '46': ['02', '12', null],
  '50': ['01', '02', '03', '04', '11', '12', '13', '14', null],
  '54': ['01', '02', '04', null],
};

describe('demo region H10 Haaglanden', () => {
  it('is the same for the same seed and differs for another seed', () => {
    expect(generateDemoRegion(DEMO_SEED)).toEqual(region);
    expect(generateDemoRegion(7)).toEqual(generateDemoRegion(7));
    expect(generateDemoRegion(8).records.slice(0, 50)).not.toEqual(generateDemoRegion(7).records.slice(0, 50));
  });

  it('has the ten municipalities of SPEC §8, Voorschoten only until 2024', () => {
    expect(region.region).toEqual({ code: 'H10', name: 'Haaglanden' });
    expect(region.municipalities.map((m) => m.code).sort()).toEqual([
      '0503',
      '0518',
      '0603',
      '0626',
      '0629',
      '0637',
      '1783',
      '1842',
      '1916',
      '1926',
    ]);
    for (const m of region.municipalities) expect(m.validUntil).toBe(m.code === '0626' ? '2024-12-31' : null);
  });

  it('accepts product categories 40-55 except 42, 47 and 48', () => {
    expect(region.productCategories).toEqual(['40', '41', '43', '44', '45', '46', '49', '50', '51', '52', '53', '54', '55']);
  });

  it('has four half-year periods with a deadline three weeks after the end', () => {
    expect(region.periods).toEqual([
      { code: '2024-H2', startsOn: '2024-07-01', endsOn: '2024-12-31', deadline: '2025-01-21' },
      { code: '2025-H1', startsOn: '2025-01-01', endsOn: '2025-06-30', deadline: '2025-07-21' },
      { code: '2025-H2', startsOn: '2025-07-01', endsOn: '2025-12-31', deadline: '2026-01-21' },
      { code: '2026-H1', startsOn: '2026-01-01', endsOn: '2026-06-30', deadline: '2026-07-21' },
    ]);
  });

  it('has about forty fictional providers with unique AGB codes starting with 98', () => {
    expect(region.providers.length).toBeGreaterThanOrEqual(35);
    expect(region.providers.length).toBeLessThanOrEqual(45);
    for (const p of region.providers) expect(p.agb).toMatch(/^98\d{6}$/);
    expect(new Set(region.providers.map((p) => p.agb)).size).toBe(region.providers.length);
    expect(new Set(region.providers.map((p) => p.name)).size).toBe(region.providers.length);
  });

  it('holds roughly 20,000 records, spread over the four periods', () => {
    expect(region.records.length).toBeGreaterThan(18_000);
    expect(region.records.length).toBeLessThan(22_000);
    for (const [, records] of groupBy(region.records, (r) => r.periodCode)) {
      expect(records.length).toBeGreaterThan(4_000);
      expect(records.length).toBeLessThan(6_500);
    }
  });

  describe.each([DEMO_SEED, 1, 42])('with seed %i, every record follows SPEC §2', (seed) => {
    const generated = seed === DEMO_SEED ? region : generateDemoRegion(seed);
    const periods = new Map(generated.periods.map((p) => [p.code, p]));
    const agbs = new Set(generated.providers.map((p) => p.agb));
    const municipalities = new Map(generated.municipalities.map((m) => [m.code, m]));

    it('uses valid codes, dates inside the period and ages 0-23', () => {
      const problems: string[] = [];
      for (const r of generated.records) {
        const period = periods.get(r.periodCode);
        const municipality = municipalities.get(r.municipalityCode);
        const fail = (what: string) => problems.push(`${r.providerAgb}/${r.recordId}: ${what}`);
        if (!period) fail('unknown period');
        if (!agbs.has(r.providerAgb)) fail('unknown provider');
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(r.recordId)) fail('recordId pattern');
        if (!/^c\d{6}$/.test(r.clientKey)) fail('clientKey pattern');
        if (!municipality) fail('municipality outside the region');
        else if (period && municipality.validUntil !== null && period.endsOn > municipality.validUntil)
          fail('municipality no longer in the region');
        if (!generated.productCategories.includes(r.productCategory)) fail('product category');
        if (!(r.productCategory in CARE_FORMS_BY_CATEGORY)) fail('category not used by the demo');
        else if (!CARE_FORMS_BY_CATEGORY[r.productCategory].includes(r.careForm)) fail(`careForm ${r.careForm} for ${r.productCategory}`);
        if (r.productCode !== null && !/^.{1,5}$/.test(r.productCode)) fail('productCode');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(r.startDate) || !/^\d{4}-\d{2}-\d{2}$/.test(r.endDate)) fail('date format');
        if (r.startDate > r.endDate) fail('startDate after endDate');
        if (period && (r.endDate < period.startsOn || r.endDate > period.endsOn)) fail('endDate outside the period');
        if (!Number.isInteger(r.ageAtStart) || r.ageAtStart < 0 || r.ageAtStart > 23) fail('age');
        if (!['01', '02', '03', '04', '05', '99'].includes(r.endReason)) fail('endReason');
        if (!['volledig', 'gedeeltelijk', 'niet', 'onbekend'].includes(r.goalAttainment)) fail('goalAttainment');
        for (const grade of [r.youthUsefulness, r.parentUsefulness]) {
          if (grade !== null && (!Number.isInteger(grade) || grade < 1 || grade > 10)) fail('usefulness');
        }
        for (const answer of [r.youthFurtherHelp, r.parentFurtherHelp]) {
          if (answer !== null && !['01', '02', '03', '04'].includes(answer)) fail('furtherHelp');
        }
      }
      expect(problems.slice(0, 10)).toEqual([]);
    });

    it('has recordIds unique per provider and period', () => {
      for (const [, records] of groupBy(generated.records, (r) => `${r.providerAgb}|${r.periodCode}`)) {
        expect(new Set(records.map((r) => r.recordId)).size).toBe(records.length);
      }
    });

    it('never lets one client have overlapping trajectories', () => {
      for (const [, records] of groupBy(generated.records, (r) => r.clientKey)) {
        const sorted = [...records].sort((a, b) => a.startDate.localeCompare(b.startDate));
        for (let i = 1; i < sorted.length; i++) expect(sorted[i].startDate > sorted[i - 1].endDate).toBe(true);
      }
    });

    it('gives every used category at least three providers in every period', () => {
      for (const [key, records] of groupBy(generated.records, (r) => `${r.productCategory}|${r.periodCode}`)) {
        expect(new Set(records.map((r) => r.providerAgb)).size, key).toBeGreaterThanOrEqual(3);
      }
    });
  });

  it('uses the demo categories 41, 43, 44, 45, 46, 50 and 54, with 45 and 54 the most common', () => {
    const byCategory = groupBy(region.records, (r) => r.productCategory);
    expect([...byCategory.keys()].sort()).toEqual(['41', '43', '44', '45', '46', '50', '54']);
    const sizes = [...byCategory].sort((a, b) => b[1].length - a[1].length).map(([c]) => c);
    expect(sizes.slice(0, 2).sort()).toEqual(['45', '54']);
  });

  it('draws clients from municipalities roughly by population, Den Haag the largest', () => {
    const counts = [...groupBy(region.records, (r) => r.municipalityCode)].sort((a, b) => b[1].length - a[1].length);
    expect(counts[0][0]).toBe('0518');
    expect(counts[0][1].length / region.records.length).toBeGreaterThan(0.35);
    const voorschoten = region.records.filter((r) => r.municipalityCode === '0626');
    expect(voorschoten.length).toBeGreaterThan(0);
    expect(voorschoten.every((r) => r.periodCode === '2024-H2')).toBe(true);
  });

  it('has small providers with fewer than 10 records in a provider × category × period cell', () => {
    const cells = groupBy(region.records, (r) => `${r.providerAgb}|${r.productCategory}|${r.periodCode}`);
    const small = [...cells].filter(([, records]) => records.length < 10).map(([key]) => key.split('|')[0]);
    expect(new Set(small).size).toBeGreaterThanOrEqual(4);
    expect(Math.max(...[...cells.values()].map((records) => records.length))).toBeGreaterThan(200);
  });

  it('has clearly different dropout between the best and the worst providers', () => {
    const rates = [...groupBy(region.records, (r) => r.providerAgb).values()]
      .filter((records) => records.length >= 200)
      .map(dropout)
      .sort((a, b) => a - b);
    expect(rates[0]).toBeLessThan(0.06);
    expect(rates[rates.length - 1]).toBeGreaterThan(0.2);
    const overall = dropout(region.records);
    expect(overall).toBeGreaterThan(0.08);
    expect(overall).toBeLessThan(0.16);
  });

  it('has goal attainment around 55% with some unknown answers', () => {
    const known = region.records.filter((r) => r.goalAttainment !== 'onbekend');
    expect(share(known, (r) => r.goalAttainment === 'volledig')).toBeGreaterThan(0.45);
    expect(share(known, (r) => r.goalAttainment === 'volledig')).toBeLessThan(0.65);
    expect(known.length).toBeLessThan(region.records.length);
  });

  it('has measurements for 40-60% of records, youth answers mostly from age 12, and low-response providers', () => {
    const response = share(region.records, hasMeasurement);
    expect(response).toBeGreaterThan(0.4);
    expect(response).toBeLessThan(0.6);
    const youth = region.records.filter((r) => r.youthUsefulness !== null || r.youthFurtherHelp !== null);
    expect(share(youth, (r) => r.ageAtStart < 12)).toBeLessThan(0.05);
    const lowResponse = [...groupBy(region.records, (r) => r.providerAgb).values()].filter(
      (records) => records.length >= 100 && share(records, hasMeasurement) < 0.2,
    );
    expect(lowResponse.length).toBeGreaterThanOrEqual(2);
    const grades = region.records.flatMap((r) => [r.youthUsefulness, r.parentUsefulness]).filter((g): g is number => g !== null);
    expect(grades.filter((g) => g === 7 || g === 8).length / grades.length).toBeGreaterThan(0.35);
  });

  it('has re-entry: 8-18% of clients come back within 182 days, also with another provider', () => {
    const result = reentries(region.records);
    const returned = result.filter((x) => x.next);
    expect(returned.length / result.length).toBeGreaterThan(0.08);
    expect(returned.length / result.length).toBeLessThan(0.18);
    expect(returned.some((x) => x.next!.providerAgb !== x.record.providerAgb)).toBe(true);
    expect(returned.some((x) => x.next!.providerAgb === x.record.providerAgb)).toBe(true);
  });

  it('has more re-entry after the providers with the most dropout', () => {
    const byProvider = [...groupBy(reentries(region.records), (x) => x.record.providerAgb).values()]
      .filter((list) => list.length >= 150)
      .map((list) => ({ dropout: dropout(list.map((x) => x.record)), reentry: list.filter((x) => x.next).length / list.length }))
      .sort((a, b) => a.dropout - b.dropout);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const best = mean(byProvider.slice(0, 3).map((p) => p.reentry));
    const worst = mean(byProvider.slice(-3).map((p) => p.reentry));
    expect(worst).toBeGreaterThan(best * 1.5);
  });
});
