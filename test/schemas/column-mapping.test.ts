import { ColumnMappingSchema } from '../../schemas/column-mapping-api.ts';
import { ageOn, applyColumnMapping, suggestColumnMapping, type ColumnMapping } from '../../schemas/column-mapping.ts';

/** An export as a client system writes it for CBS: its own headers, end reasons 1..5, a birth date, a name. */
const header = [
  'Trajectnummer',
  'BSN',
  'Naam cliënt',
  'AGB-code',
  'Gemeentecode',
  'Productcategorie',
  'Startdatum',
  'Einddatum',
  'Geboortedatum',
  'Reden beëindiging',
  'Doelrealisatie',
  'Opmerking',
];
const rows = [
  ['T1', '999999990', 'Jan Jansen', '98000010', '0518', '45', '2025-03-01', '2025-09-30', '12-05-2012', '1', '01', 'vrij tekstveld'],
  ['T2', '999999990', 'Piet Pieters', '98000010', '0503', '45', '01-03-2025', '2025-10-01', '2012-03-01', '3', '02', ''],
  ['', '', '', '', '', '', '', '', '', '', '', ''],
];
const mapping: ColumnMapping = {
  columns: {
    recordId: 'Trajectnummer',
    bsn: 'BSN',
    providerAgb: 'AGB-code',
    municipalityCode: 'Gemeentecode',
    productCategory: 'Productcategorie',
    startDate: 'Startdatum',
    endDate: 'Einddatum',
    endReason: 'Reden beëindiging',
    goalAttainment: 'Doelrealisatie',
  },
  birthDateColumn: 'Geboortedatum',
  values: { endReason: { '1': '01', '2': '02', '3': '03', '4': '04', '5': '05' } },
};

describe('mapping a provider’s own export onto the record', () => {
  it('counts whole years at the start, a birthday on the start date included', () => {
    expect(ageOn('2012-05-12', '2025-03-01')).toBe(12);
    expect(ageOn('2012-03-01', '2025-03-01')).toBe(13);
    expect(ageOn('2012-03-02', '2025-03-01')).toBe(12);
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
  });

  it('picks the mapped columns in the portal’s order, translates codes, derives the age and drops the rest', () => {
    const mapped = applyColumnMapping(header, rows, mapping);
    expect(mapped.errors).toEqual([]);
    expect(mapped.header).toEqual([
      'bsn',
      'recordId',
      'providerAgb',
      'municipalityCode',
      'productCategory',
      'startDate',
      'endDate',
      'endReason',
      'goalAttainment',
      'ageAtStart',
    ]);
    expect(mapped.rows).toEqual([
      ['999999990', 'T1', '98000010', '0518', '45', '2025-03-01', '2025-09-30', '01', '01', '12'],
      ['999999990', 'T2', '98000010', '0503', '45', '01-03-2025', '2025-10-01', '03', '02', '13'],
    ]);
    // The name, the free text and the birth date never reach the output.
    expect(mapped.droppedColumns).toEqual(['Naam cliënt', 'Geboortedatum', 'Opmerking']);
    expect(JSON.stringify(mapped.rows)).not.toMatch(/Jansen|2012|vrij/);
  });

  it('names a required field without a column and a mapped column the file lacks, in both languages', () => {
    const { endReason: _gone, ...columns } = mapping.columns;
    const mapped = applyColumnMapping(header, rows, { ...mapping, columns: { ...columns, endDate: 'Datum einde' } });
    expect(mapped.rows).toEqual([]);
    expect(mapped.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, 'Datum einde', 'mapped_column_missing'],
      [1, 'endReason', 'required_field_unmapped'],
    ]);
    expect(mapped.errors[1].message.nl).toContain('verplicht');
    expect(mapped.errors[1].message.en).toContain('required');
  });

  it('reports an unreadable birth date by row and column without repeating it', () => {
    const bad = rows.map((r) => [...r]);
    bad[1][8] = '31-02-2012';
    const mapped = applyColumnMapping(header, bad, mapping);
    expect(mapped.errors).toHaveLength(1);
    expect(mapped.errors[0]).toMatchObject({ row: 3, column: 'Geboortedatum', code: 'birth_date_invalid' });
    expect(JSON.stringify(mapped.errors)).not.toContain('31-02-2012');
  });

  it('suggests a first mapping from common Dutch names', () => {
    const suggested = suggestColumnMapping(header);
    expect(suggested.columns).toMatchObject({
      recordId: 'Trajectnummer',
      bsn: 'BSN',
      providerAgb: 'AGB-code',
      municipalityCode: 'Gemeentecode',
      productCategory: 'Productcategorie',
      startDate: 'Startdatum',
      endDate: 'Einddatum',
      endReason: 'Reden beëindiging',
      goalAttainment: 'Doelrealisatie',
    });
    expect(suggested.birthDateColumn).toBe('Geboortedatum');
  });

  it('accepts column names and codes only: a BSN-shaped number, an unknown field or both age sources are refused', () => {
    expect(ColumnMappingSchema.safeParse(mapping).success).toBe(true);
    expect(ColumnMappingSchema.safeParse({ ...mapping, columns: { ...mapping.columns, bsn: 'BSN 999999990' } }).success).toBe(false);
    expect(ColumnMappingSchema.safeParse({ ...mapping, columns: { clientName: 'Naam' } }).success).toBe(false);
    expect(ColumnMappingSchema.safeParse({ ...mapping, columns: { ...mapping.columns, ageAtStart: 'Leeftijd' } }).success).toBe(false);
  });
});
