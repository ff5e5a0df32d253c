/**
 * "Bring your own columns" (issue 17): a provider maps the columns of its own export (often the
 * file it makes for CBS) onto the record once, and the provider tool (browser or CLI) turns each
 * export into the portal's file in the same run as the pseudonymisation. The mapping says which of
 * its columns holds each field, how its codes translate (e.g. end reasons "1".."5" → "01".."05"),
 * and optionally a date-of-birth column from which ageAtStart is derived; the birth date itself and
 * every column that is not mapped are dropped, so nothing identifying leaves the provider's machine.
 * The mapping holds column names and codes only; the portal stores it per provider. Pure code: runs
 * in the browser and the CLI tool (no zod here: the web bundle stays small); the API validates a
 * mapping with schemas/column-mapping-api.ts.
 */
import { parseRecordDate } from './dates.ts';
import type { LocalizedText } from './problem.ts';
import { optionalFields, recordFields, type RecordField } from './record.ts';

/** The fields a mapping can fill: the record's, with `bsn` instead of `clientPseudonym` (the tool pseudonymises it). */
export const mappableFields = ['bsn', ...recordFields.filter((field) => field !== 'clientPseudonym')] as const;
export type MappableField = (typeof mappableFields)[number];

/** A provider's mapping: column names and code translations only (validated by schemas/column-mapping-api.ts). */
export interface ColumnMapping {
  /** The provider's column for each field it maps (field → its header, matched case-insensitively). */
  columns: Partial<Record<MappableField, string>>;
  /** A date-of-birth column: ageAtStart is derived from it (whole years at startDate), then it is dropped. */
  birthDateColumn: string | null;
  /** Code translations per field: its value → the portal's code (trimmed, case-insensitive). */
  values: Partial<Record<MappableField, Record<string, string>>>;
}

export const emptyColumnMapping: ColumnMapping = { columns: {}, birthDateColumn: null, values: {} };

/** Common names in Dutch client systems and the CBS delivery, for a first suggestion. */
const synonyms: Partial<Record<MappableField, string[]>> = {
  bsn: ['bsn', 'burgerservicenummer'],
  recordId: ['recordid', 'trajectid', 'trajectnummer', 'id', 'zorgtrajectid'],
  providerAgb: ['provideragb', 'agb', 'agbcode', 'aanbiederagb', 'agbcodeaanbieder'],
  municipalityCode: ['municipalitycode', 'gemeentecode', 'gemeente', 'woonplaatsgemeente', 'verantwoordelijkegemeente'],
  productCategory: ['productcategory', 'productcategorie', 'categorie'],
  productCode: ['productcode', 'product'],
  careForm: ['careform', 'hulpvorm', 'vormhulp'],
  startDate: ['startdate', 'startdatum', 'begindatum', 'datumstart', 'startdatumzorgtraject'],
  endDate: ['enddate', 'einddatum', 'datumeinde', 'einddatumzorgtraject'],
  ageAtStart: ['ageatstart', 'leeftijd', 'leeftijdbijstart', 'leeftijdstart'],
  endReason: ['endreason', 'redenbeeindiging', 'redeneinde', 'beeindigingsreden'],
  goalAttainment: ['goalattainment', 'doelrealisatie', 'doelbereik', 'doelen'],
  youthUsefulness: ['youthusefulness', 'bruikbaarheidjeugdige', 'bruikbaarheidjongere'],
  parentUsefulness: ['parentusefulness', 'bruikbaarheidouder'],
  youthFurtherHelp: ['youthfurtherhelp', 'verderzonderhulpjeugdige', 'verderzonderhulpjongere'],
  parentFurtherHelp: ['parentfurtherhelp', 'verderzonderhulpouder'],
};
const birthDateNames = ['geboortedatum', 'birthdate', 'dateofbirth', 'dob'];

const squash = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** A first mapping for a header: every column whose name is a field's own name or a common synonym. */
export function suggestColumnMapping(header: readonly string[]): ColumnMapping {
  const columns: ColumnMapping['columns'] = {};
  for (const field of mappableFields) {
    const names = synonyms[field] ?? [squash(field)];
    const found = header.find((cell) => names.includes(squash(cell)));
    if (found !== undefined) columns[field] = found.replace(/^\uFEFF/, '').trim();
  }
  const birth = header.find((cell) => birthDateNames.includes(squash(cell)));
  return { columns, birthDateColumn: birth && !columns.ageAtStart ? birth.replace(/^\uFEFF/, '').trim() : null, values: {} };
}

export interface MappingProblem {
  /** The row as the user sees it in Excel (header = 1). */
  row: number;
  column: string;
  code: 'mapped_column_missing' | 'required_field_unmapped' | 'birth_date_invalid' | 'start_date_invalid';
  message: LocalizedText;
}

export interface MappedTable {
  /** The portal's header: the mapped fields, `bsn` where the tool pseudonymises next. */
  header: MappableField[];
  rows: string[][];
  /** Columns of the file that were left out (not mapped, or the birth date after use). */
  droppedColumns: string[];
  errors: MappingProblem[];
}

/** Whole years from birth to start (a birthday on the start date counts). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Applies a mapping to a parsed file: picks the mapped columns in the portal's order, translates
 * codes, derives ageAtStart from a birth date, and drops everything else. A required field without
 * a column, a mapped column the file does not have, or a birth or start date that cannot be read is
 * reported with its row and column; the values themselves are never repeated (a birth date is personal).
 */
export function applyColumnMapping(header: readonly string[], rows: readonly string[][], mapping: ColumnMapping): MappedTable {
  const errors: MappingProblem[] = [];
  const indexOf = (name: string) => header.findIndex((cell) => squash(cell) === squash(name));
  const fields: MappableField[] = [];
  const sources: number[] = [];
  for (const field of mappableFields) {
    const column = mapping.columns[field];
    if (column === undefined) continue;
    const index = indexOf(column);
    if (index < 0) {
      errors.push({
        row: 1,
        column,
        code: 'mapped_column_missing',
        message: {
          nl: `De koppeling noemt kolom "${column}" voor ${field}, maar het bestand heeft die kolom niet. Kies de juiste kolom of pas de export aan.`,
          en: `The mapping names column "${column}" for ${field}, but the file has no such column. Choose the right column or change the export.`,
        },
      });
      continue;
    }
    fields.push(field);
    sources.push(index);
  }
  const birthIndex = mapping.birthDateColumn ? indexOf(mapping.birthDateColumn) : -1;
  if (mapping.birthDateColumn && birthIndex < 0) {
    errors.push({
      row: 1,
      column: mapping.birthDateColumn,
      code: 'mapped_column_missing',
      message: {
        nl: `De koppeling noemt kolom "${mapping.birthDateColumn}" als geboortedatum, maar het bestand heeft die kolom niet.`,
        en: `The mapping names column "${mapping.birthDateColumn}" as the birth date, but the file has no such column.`,
      },
    });
  }
  const derivesAge = birthIndex >= 0 && !fields.includes('ageAtStart');
  for (const field of mappableFields) {
    if (field === 'bsn' || optionalFields.has(field as RecordField) || fields.includes(field)) continue;
    if (field === 'ageAtStart' && derivesAge) continue;
    if (errors.some((e) => e.code === 'mapped_column_missing' && mapping.columns[field] === e.column)) continue;
    errors.push({
      row: 1,
      column: field,
      code: 'required_field_unmapped',
      message: {
        nl: `Geen kolom gekoppeld aan ${field}; dit veld is verplicht. Kies de kolom van uw export die het bevat${field === 'ageAtStart' ? ', of een kolom met de geboortedatum' : ''}.`,
        en: `No column is mapped to ${field}; this field is required. Choose the column of your export that holds it${field === 'ageAtStart' ? ', or a birth-date column' : ''}.`,
      },
    });
  }
  if (!fields.includes('bsn')) {
    // Without a BSN column the file must already carry the pseudonym: the tool is then not needed.
    errors.push({
      row: 1,
      column: 'bsn',
      code: 'required_field_unmapped',
      message: {
        nl: 'Geen kolom gekoppeld aan het BSN. Kies de kolom met het BSN van de cliënt; de tool maakt er hier het pseudoniem van.',
        en: 'No column is mapped to the BSN. Choose the column holding the client’s BSN; the tool turns it into the pseudonym here.',
      },
    });
  }
  const outHeader: MappableField[] = derivesAge ? [...fields, 'ageAtStart'] : [...fields];
  const kept = new Set([...sources, ...(birthIndex >= 0 ? [birthIndex] : [])]);
  const droppedColumns = header.filter((_, i) => !kept.has(i) || (i === birthIndex && derivesAge)).map((cell) => cell.trim());
  if (errors.length > 0) return { header: outHeader, rows: [], droppedColumns, errors };

  const translate = (field: MappableField, value: string) => {
    const table = mapping.values[field];
    if (!table) return value;
    const key = Object.keys(table).find((code) => code.trim().toLowerCase() === value.trim().toLowerCase());
    return key === undefined ? value : table[key];
  };
  const startSource = sources[fields.indexOf('startDate')];
  const out: string[][] = [];
  rows.forEach((cells, i) => {
    if (cells.every((cell) => cell.trim() === '')) return; // trailing lines of a spreadsheet export
    const row = fields.map((field, k) => translate(field, cells[sources[k]] ?? ''));
    if (derivesAge) {
      const birth = parseRecordDate((cells[birthIndex] ?? '').trim());
      const start = parseRecordDate((cells[startSource] ?? '').trim());
      if (!birth) {
        errors.push({
          row: i + 2,
          column: mapping.birthDateColumn!,
          code: 'birth_date_invalid',
          message: {
            nl: 'De geboortedatum is geen datum (JJJJ-MM-DD of DD-MM-JJJJ); de leeftijd bij de start kan niet worden bepaald.',
            en: 'The birth date is not a date (YYYY-MM-DD or DD-MM-YYYY); the age at the start cannot be derived.',
          },
        });
      } else if (!start) {
        errors.push({
          row: i + 2,
          column: mapping.columns.startDate!,
          code: 'start_date_invalid',
          message: {
            nl: 'De startdatum is geen datum (JJJJ-MM-DD of DD-MM-JJJJ); de leeftijd bij de start kan niet worden bepaald.',
            en: 'The start date is not a date (YYYY-MM-DD or DD-MM-YYYY); the age at the start cannot be derived.',
          },
        });
      }
      row.push(birth && start ? String(ageOn(birth, start)) : '');
    }
    out.push(row);
  });
  return errors.length > 0
    ? { header: outHeader, rows: [], droppedColumns, errors }
    : { header: outHeader, rows: out, droppedColumns, errors };
}
