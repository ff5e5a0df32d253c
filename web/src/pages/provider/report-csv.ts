/**
 * The validation report as a CSV file, built in the browser (nothing is fetched again). Semicolons
 * and a BOM because that is what Dutch Excel opens correctly; every cell that a spreadsheet would
 * read as a formula gets a leading apostrophe (SPEC §4.6), since values come from the uploaded file.
 */
import type { ValidationReport } from './upload';

type ReportError = ValidationReport['errors'][number];

/** `=SUM(…)`, `+31…`, `-1`, `@cmd`, tab and CR at the start would be run or reinterpreted by Excel. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[";\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function reportCsv(errors: readonly ReportError[], language: 'nl' | 'en'): string {
  const header = language === 'nl' ? ['rij', 'kolom', 'waarde', 'code', 'melding'] : ['row', 'column', 'value', 'code', 'message'];
  const lines = [
    header,
    ...errors.map((e) => [e.row === null ? '' : String(e.row), e.column ?? '', e.value ?? '', e.code, e.message[language]]),
  ];
  return `\uFEFF${lines.map((cells) => cells.map((cell) => quote(neutraliseFormula(cell))).join(';')).join('\r\n')}\r\n`;
}

/** "aanlevering.csv" for period 2026-H1 → "validatierapport-2026-H1-aanlevering.csv". */
export function reportFileName(period: string, uploaded: string, language: 'nl' | 'en'): string {
  const base =
    uploaded
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 60) || 'bestand';
  return `${language === 'nl' ? 'validatierapport' : 'validation-report'}-${period}-${base}.csv`;
}
