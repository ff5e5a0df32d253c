/**
 * Runs every row of a table through the record rules (schemas/record.ts) and the cross-row rules
 * (duplicate recordId), filling the report and handing valid records on in batches.
 */
import { containsBsnShapedNumber, maskBsnShapedNumbers } from '../../../schemas/bsn.ts';
import { mapHeader } from '../../../schemas/columns.ts';
import { validateRow, type OutcomeRecord, type RecordField, type RowError, type ValidationContext } from '../../../schemas/record.ts';
import type { ReportBuilder, ReportError } from '../../../schemas/report.ts';
import type { Table } from './table.ts';

export interface ValidRecord {
  rowNumber: number;
  record: OutcomeRecord;
}

const toReportError = (row: number, error: RowError): ReportError => ({
  row,
  column: error.field,
  value: error.value,
  code: error.code,
  message: error.message,
});

/**
 * Validates the whole table. `onValidBatch` receives the valid records of each batch (it may
 * store them); once any error is found it is no longer called, but validation goes on so the
 * report lists every problem at once.
 */
export async function validateTable(
  table: Table,
  context: ValidationContext,
  report: ReportBuilder,
  onValidBatch: (records: ValidRecord[]) => Promise<void>,
): Promise<void> {
  const { fields, errors: headerErrors } = mapHeader(table.header);
  // A header problem is in the header row (row 1 as Excel shows it, unless the sheet starts lower);
  // it still refuses the whole file.
  for (const error of headerErrors)
    report.fileError({ row: table.headerRowNumber, column: error.column, value: null, code: error.code, message: error.message });
  // Without a required column every row would repeat "required": the header report says it once.
  if (headerErrors.some((e) => e.code === 'missing_column')) return;

  const firstRowOfRecordId = new Map<string, number>();
  for await (const rows of table.batches) {
    const valid: ValidRecord[] = [];
    for (const { rowNumber, values } of rows) {
      const cells: Partial<Record<RecordField, string>> = {};
      fields.forEach((field, index) => {
        if (field) cells[field] = values[index] ?? '';
      });
      const rowErrors: ReportError[] = [];
      if (values.length > fields.length) {
        rowErrors.push({
          row: rowNumber,
          column: null,
          value: null,
          code: 'column_count',
          message: {
            nl: `Deze rij heeft ${values.length} waarden, de kopregel ${fields.length} kolommen. Staat er een scheidingsteken in een waarde zonder aanhalingstekens?`,
            en: `This row has ${values.length} values, the header ${fields.length} columns. Is there a delimiter inside a value without quotes?`,
          },
        });
      }
      const result = validateRow(cells, context);
      for (const error of result.errors) rowErrors.push(toReportError(rowNumber, error));
      // Refused columns are not stored, but a BSN in them still refuses the row (and is masked).
      fields.forEach((field, index) => {
        if (field === null && values[index] && containsBsnShapedNumber(values[index])) {
          rowErrors.push({
            row: rowNumber,
            column: maskBsnShapedNumbers(maskBsnShapedNumbers(table.header[index] ?? '').slice(0, 80)) || null,
            value: '*********',
            code: 'bsn_value',
            message: bsnInRefusedColumn,
          });
        }
      });
      const recordId = cells.recordId ?? '';
      if (recordId !== '') {
        const first = firstRowOfRecordId.get(recordId);
        if (first === undefined) firstRowOfRecordId.set(recordId, rowNumber);
        else {
          rowErrors.push({
            row: rowNumber,
            column: 'recordId',
            value: result.record ? recordId : null,
            code: 'duplicate_record_id',
            message: {
              nl: `recordId komt al voor in rij ${first}. Elk traject staat één keer in de aanlevering.`,
              en: `recordId already appears in row ${first}. Each trajectory appears once in a submission.`,
            },
          });
        }
      }
      if (rowErrors.length > 0) report.rejectRow(rowNumber, rowErrors);
      else {
        report.acceptRow();
        valid.push({ rowNumber, record: result.record! });
      }
    }
    if (!report.hasErrors && valid.length > 0) await onValidBatch(valid);
  }
}

const bsnInRefusedColumn = {
  nl: 'In deze (geweigerde) kolom staat een waarde die op een BSN lijkt (9 cijfers die de elfproef doorstaan, aaneen of in groepjes). Verwijder de kolom: een BSN hoort nergens in de aanlevering.',
  en: 'This (refused) column holds a value that looks like a BSN (9 digits passing the elfproef, together or in groups). Remove the column: a BSN has no place in the submission.',
};
