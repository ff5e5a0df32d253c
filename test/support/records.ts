/** Outcome rows for upload tests: valid by default, any field overridable, written as CSV text. */
import { createHmac } from 'node:crypto';
import { recordFields, type RecordField } from '../../schemas/record.ts';

export type RawRow = Record<RecordField, string>;

/** A deterministic first-layer pseudonym for client i (as a provider's tool would make it). */
export function p1For(i: number): string {
  return `p1:${createHmac('sha256', 'test-k1').update(`client-${i}`).digest('hex')}`;
}

export function validRow(i: number, overrides: Partial<RawRow> = {}): RawRow {
  const month = 7 + (i % 6); // period 2025-H2
  return {
    recordId: `T-${i}`,
    clientPseudonym: p1For(i),
    providerAgb: '98000010',
    municipalityCode: i % 3 === 0 ? 'GM0503' : '0518',
    productCategory: i % 2 === 0 ? '45' : '54',
    productCode: i % 4 === 0 ? '45A01' : '',
    careForm: ['01', '02', '03', '04'][i % 4],
    startDate: '2025-01-15',
    endDate: `2025-${String(month).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    ageAtStart: String(i % 24),
    endReason: ['01', '02', '03', '04', '05', '99'][i % 6],
    goalAttainment: ['volledig', 'gedeeltelijk', 'niet', 'onbekend'][i % 4],
    youthUsefulness: i % 5 === 0 ? '' : String(1 + (i % 10)),
    parentUsefulness: String(1 + ((i + 3) % 10)),
    youthFurtherHelp: i % 5 === 0 ? '' : ['01', '02', '03', '04'][i % 4],
    parentFurtherHelp: ['01', '02', '03', '04'][(i + 1) % 4],
    ...overrides,
  };
}

export function csvOf(rows: Array<Record<string, string>>, options: { delimiter?: string; header?: string[]; eol?: string } = {}): string {
  const delimiter = options.delimiter ?? ';';
  const header = options.header ?? [...recordFields];
  const quote = (v: string) => (/[;,\t"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [header.join(delimiter), ...rows.map((row) => header.map((h) => quote(row[h] ?? '')).join(delimiter))];
  return lines.join(options.eol ?? '\r\n') + (options.eol ?? '\r\n');
}
