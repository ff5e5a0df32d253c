/**
 * The validation report of an upload, readable by the person who has to fix the file: the totals,
 * the errors per kind with an example, and every listed error with the row as Excel shows it,
 * filterable by kind and downloadable as CSV (built here, formulas neutralised).
 */
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { reportCsv, reportFileName } from './report-csv';
import type { ValidationReport } from './upload';
import { downloadBlob } from '../../components/download';
import { TableScroll } from '../../components/TableScroll';

export function ValidationReportView({ report, period, fileName }: { report: ValidationReport; period: string; fileName: string }) {
  const { t, pick, number, language } = useI18n();
  const [code, setCode] = useState('');
  const [downloaded, setDownloaded] = useState<string | undefined>();
  const shown = code ? report.errors.filter((error) => error.code === code) : report.errors;
  const listedOfCode = code ? (report.errorsByCode.find((total) => total.code === code)?.count ?? 0) : report.errorCount;

  const download = () => {
    const file = reportFileName(period, fileName, language);
    downloadBlob(new Blob([reportCsv(shown, language)], { type: 'text/csv;charset=utf-8' }), file);
    setDownloaded(file);
  };

  return (
    <div className="report">
      <DataList className="report-summary">
        <DataListItem>
          <DataListKey>{t('provider.report.rows')}</DataListKey>
          <DataListValue>{number(report.rowCount)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('provider.report.accepted')}</DataListKey>
          <DataListValue>{number(report.acceptedRowCount)}</DataListValue>
        </DataListItem>
        <DataListItem className={report.rejectedRowCount > 0 ? 'report-summary--bad' : undefined}>
          <DataListKey>{t('provider.report.rejected')}</DataListKey>
          <DataListValue>{number(report.rejectedRowCount)}</DataListValue>
        </DataListItem>
        <DataListItem className={report.errorCount > 0 ? 'report-summary--bad' : undefined}>
          <DataListKey>{t('provider.report.errors')}</DataListKey>
          <DataListValue>{number(report.errorCount)}</DataListValue>
        </DataListItem>
      </DataList>

      {report.errorCount > 0 && (
        <>
          <Heading level={3}>{t('provider.report.byCode.title')}</Heading>
          <TableScroll>
            <Table className="data-table">
              <TableCaption className="visually-hidden">{t('provider.report.byCode.title')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('provider.report.col.code')}</TableHeaderCell>
                  <TableHeaderCell scope="col" className="numeric">
                    {t('provider.report.col.count')}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col">{t('provider.report.col.example')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {report.errorsByCode.map((total) => (
                  <TableRow key={total.code}>
                    <TableCell>
                      <span className="code">{total.code}</span>
                    </TableCell>
                    <TableCell className="numeric">{number(total.count)}</TableCell>
                    <TableCell className="cell-text">{pick(total.message)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableScroll>

          <div className="results-bar report-list-bar">
            <Heading level={3} id="report-errors-title">
              {t('provider.report.list.title')}
            </Heading>
            <div className="export">
              <Button appearance="secondary-action-button" onClick={download} aria-describedby="report-download-hint">
                {t('provider.report.download')}
              </Button>
              <Paragraph id="report-download-hint" className="hint">
                {t('provider.report.download.hint')}
              </Paragraph>
              <Paragraph role="status" className="export__status">
                {downloaded && t('provider.report.downloaded', { file: downloaded })}
              </Paragraph>
            </div>
          </div>
          <SelectField
            className="report-filter"
            id="report-code"
            label={t('provider.report.filter')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
          >
            <option value="">{t('provider.report.filter.all', { count: report.errorCount })}</option>
            {report.errorsByCode.map((total) => (
              <option key={total.code} value={total.code}>
                {`${total.code} (${number(total.count)})`}
              </option>
            ))}
          </SelectField>
          <Paragraph role="status" className="results-status">
            {t('provider.report.shown', { shown: shown.length, total: listedOfCode })}
          </Paragraph>
          {report.truncated && <Notice>{t('provider.report.truncated', { count: report.errors.length })}</Notice>}
          <TableScroll>
            <Table className="data-table report-table" aria-labelledby="report-errors-title">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col" className="numeric">
                    {t('provider.report.col.row')}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col">{t('provider.report.col.column')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('provider.report.col.value')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('provider.report.col.message')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {shown.map((error, index) => (
                  <TableRow key={index}>
                    <TableCell className="numeric" data-label={t('provider.report.col.row')}>
                      {error.row === null ? t('provider.report.wholeFile') : number(error.row)}
                    </TableCell>
                    <TableCell data-label={t('provider.report.col.column')}>
                      {error.column ? <span className="code">{error.column}</span> : '–'}
                    </TableCell>
                    <TableCell data-label={t('provider.report.col.value')}>
                      {error.value === null || error.value === '' ? (
                        <span className="muted">{t('provider.report.empty')}</span>
                      ) : (
                        <span className={`code${error.value.length > 20 ? ' code--break' : ' nowrap'}`}>{error.value}</span>
                      )}
                    </TableCell>
                    <TableCell className="cell-text" data-label={t('provider.report.col.message')}>
                      {pick(error.message)}
                      <span className="cell-note code">{error.code}</span>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableScroll>
        </>
      )}
    </div>
  );
}
