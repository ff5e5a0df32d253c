/**
 * The validation report of an upload, built while rows stream past (pure; the upload page uses it
 * for its preview too). Shaped after what DHIS2's users could not read in its import summaries:
 * the row as Excel shows it, the column, the value, a machine code, a message in both languages,
 * identical errors counted together, rejected rows apart from accepted ones.
 */
import type { LocalizedText } from './problem.ts';

export interface ReportError {
  /**
   * Row as the user sees it in Excel (header = row 1, so header problems are in row 1); for JSON
   * the 1-based index in `records`. null: the whole file (the period, a JSON key set).
   */
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: LocalizedText;
}

export interface ErrorTotal {
  code: string;
  count: number;
  /** The first message of this code, as an example. */
  message: LocalizedText;
}

export interface ValidationReport {
  rowCount: number;
  acceptedRowCount: number;
  rejectedRowCount: number;
  errorCount: number;
  errorsByCode: ErrorTotal[];
  errors: ReportError[];
  /** True when more errors exist than `errors` lists (see errorsByCode for the full counts). */
  truncated: boolean;
  /** Rejected row numbers (the first 1,000). */
  rejectedRows: number[];
}

export const maxListedErrors = 1000;

export class ReportBuilder {
  private rows = 0;
  private rejected = 0;
  private errorTotal = 0;
  private readonly listed: ReportError[] = [];
  private readonly totals = new Map<string, ErrorTotal>();
  private readonly rejectedRows: number[] = [];
  private fileRefused = false;

  /**
   * A problem with the file as a whole (header, period, format): no row is accepted then. A header
   * problem passes the header row; the rest have no row.
   */
  fileError(error: Omit<ReportError, 'row'> & { row?: number | null }): void {
    this.fileRefused = true;
    this.add({ row: null, ...error });
  }

  acceptRow(): void {
    this.rows++;
  }

  rejectRow(row: number, errors: ReportError[]): void {
    this.rows++;
    this.rejected++;
    if (this.rejectedRows.length < maxListedErrors) this.rejectedRows.push(row);
    for (const error of errors) this.add(error);
  }

  /** True once any error, of a row or of the file, was recorded. */
  get hasErrors(): boolean {
    return this.errorTotal > 0;
  }

  private add(error: ReportError): void {
    this.errorTotal++;
    if (this.listed.length < maxListedErrors) this.listed.push(error);
    const total = this.totals.get(error.code);
    if (total) total.count++;
    else this.totals.set(error.code, { code: error.code, count: 1, message: error.message });
  }

  build(): ValidationReport {
    // A flag, not "some listed error has no row": header errors carry row 1, and a file error
    // could sit beyond the first 1,000 listed.
    const fileRefused = this.fileRefused;
    return {
      rowCount: this.rows,
      acceptedRowCount: fileRefused ? 0 : this.rows - this.rejected,
      rejectedRowCount: fileRefused ? this.rows : this.rejected,
      errorCount: this.errorTotal,
      errorsByCode: [...this.totals.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      errors: this.listed,
      truncated: this.errorTotal > this.listed.length,
      rejectedRows: this.rejectedRows,
    };
  }
}
