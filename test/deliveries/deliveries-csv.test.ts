import { describe, expect, it } from 'vitest';
import type { DeliveryMonitor } from '../../web/src/data/deliveries.ts';
import { deliveriesCsv, neutraliseCell } from '../../web/src/pages/deliveries/deliveries-csv.ts';

const totals = { expected: 2, onTime: 1, late: 0, missing: 1, notExpected: 0, onTimePercentage: 50, completenessPercentage: 50 };
const monitor: DeliveryMonitor = {
  period: { code: '2026-H1', startsOn: '2026-01-01', endsOn: '2026-06-30', deadline: '2026-07-21', deadlinePassed: true },
  totals,
  trend: [{ period: '2026-H1', deadline: '2026-07-21', deadlinePassed: true, totals }],
  providers: [
    {
      providerAgb: '98000010',
      providerName: '=HYPERLINK("http://x.invalid";"klik")',
      versions: 2,
      replaced: 1,
      firstSubmittedAt: '2026-07-01T09:00:00.000Z',
      currentSubmittedAt: '2026-07-02T09:00:00.000Z',
      recordCount: null,
      categories: [
        { productCategory: '45', expected: true, delivered: true, status: 'on_time' },
        { productCategory: '54', expected: true, delivered: false, status: 'missing' },
      ],
    },
  ],
};

describe('the delivery monitor as CSV', () => {
  it('writes one row per provider × category, with a BOM and semicolons, and no cell that starts a formula', () => {
    const csv = deliveriesCsv(monitor, (status) => `<${status}>`, 'nl');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('periode;agb;aanbieder;productcategorie;verwacht;geleverd;status;versies;vervangen;records');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`2026-H1;98000010;"'=HYPERLINK(""http://x.invalid"";""klik"")";45;ja;ja;<on_time>;2;1;`);
    expect(lines[2].split(';').slice(-6)).toEqual(['ja', 'nee', '<missing>', '2', '1', '']);
  });

  it('neutralises = + - @ tab and CR at the start of a cell', () => {
    for (const cell of ['=1+1', '+31', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseCell(cell).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(neutraliseCell('Aanbieder A')).toBe('Aanbieder A');
  });
});
