/**
 * The validation report of an upload, readable by the person who has to fix the file: the totals,
 * the errors per kind with an example, and every listed error with the row as Excel shows it,
 * filterable by kind and downloadable as CSV (built here, formulas neutralised).
 */
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { reportCsv, reportFileName } from './report-csv';
import type { ValidationReport } from './upload';
import { downloadBlob } from './useLoad';
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
      <dl className="report-summary">
        <div>
          <dt>{t('provider.report.rows')}</dt>
          <dd>{number(report.rowCount)}</dd>
        </div>
        <div>
          <dt>{t('provider.report.accepted')}</dt>
          <dd>{number(report.acceptedRowCount)}</dd>
        </div>
        <div className={report.rejectedRowCount > 0 ? 'report-summary--bad' : undefined}>
          <dt>{t('provider.report.rejected')}</dt>
          <dd>{number(report.rejectedRowCount)}</dd>
        </div>
        <div className={report.errorCount > 0 ? 'report-summary--bad' : undefined}>
          <dt>{t('provider.report.errors')}</dt>
          <dd>{number(report.errorCount)}</dd>
        </div>
      </dl>

      {report.errorCount > 0 && (
        <>
          <h3>{t('provider.report.byCode.title')}</h3>
          <TableScroll>
            <table className="data-table">
              <caption className="visually-hidden">{t('provider.report.byCode.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('provider.report.col.code')}</th>
                  <th scope="col" className="numeric">
                    {t('provider.report.col.count')}
                  </th>
                  <th scope="col">{t('provider.report.col.example')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errorsByCode.map((total) => (
                  <tr key={total.code}>
                    <td>
                      <span className="code">{total.code}</span>
                    </td>
                    <td className="numeric">{number(total.count)}</td>
                    <td className="cell-text">{pick(total.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>

          <div className="results-bar report-list-bar">
            <h3 id="report-errors-title">{t('provider.report.list.title')}</h3>
            <div className="export">
              <button type="button" className="button button--secondary" onClick={download} aria-describedby="report-download-hint">
                {t('provider.report.download')}
              </button>
              <p id="report-download-hint" className="field__hint">
                {t('provider.report.download.hint')}
              </p>
              <p role="status" className="export__status">
                {downloaded && t('provider.report.downloaded', { file: downloaded })}
              </p>
            </div>
          </div>
          <div className="field report-filter">
            <label className="field__label" htmlFor="report-code">
              {t('provider.report.filter')}
            </label>
            <select id="report-code" className="field__input" value={code} onChange={(event) => setCode(event.currentTarget.value)}>
              <option value="">{t('provider.report.filter.all', { count: report.errorCount })}</option>
              {report.errorsByCode.map((total) => (
                <option key={total.code} value={total.code}>
                  {`${total.code} (${number(total.count)})`}
                </option>
              ))}
            </select>
          </div>
          <p role="status" className="results-status">
            {t('provider.report.shown', { shown: shown.length, total: listedOfCode })}
          </p>
          {report.truncated && <p className="notice">{t('provider.report.truncated', { count: report.errors.length })}</p>}
          <TableScroll>
            <table className="data-table report-table" aria-labelledby="report-errors-title">
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {t('provider.report.col.row')}
                  </th>
                  <th scope="col">{t('provider.report.col.column')}</th>
                  <th scope="col">{t('provider.report.col.value')}</th>
                  <th scope="col">{t('provider.report.col.message')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((error, index) => (
                  <tr key={index}>
                    <td className="numeric" data-label={t('provider.report.col.row')}>
                      {error.row === null ? t('provider.report.wholeFile') : number(error.row)}
                    </td>
                    <td data-label={t('provider.report.col.column')}>{error.column ? <span className="code">{error.column}</span> : '–'}</td>
                    <td data-label={t('provider.report.col.value')}>
                      {error.value === null || error.value === '' ? <span className="muted">{t('provider.report.empty')}</span> : <span className={`code${error.value.length > 20 ? ' code--break' : ' nowrap'}`}>{error.value}</span>}
                    </td>
                    <td className="cell-text" data-label={t('provider.report.col.message')}>
                      {pick(error.message)}
                      <span className="cell-note code">{error.code}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </div>
  );
}
