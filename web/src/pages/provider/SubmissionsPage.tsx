/**
 * Aanleverhistorie: every submission of the provider's own organisation, newest first, with the
 * version that counts per period marked, who delivered it and when, and the file's SHA-256 so a
 * provider can match it with the file they kept.
 */
import {
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { formatBytes } from '../../figures/format';
import { useSubmissions } from '../../data/submissions';
import { TableScroll } from '../../components/TableScroll';

type Submission = components['schemas']['Submission'];

export function SubmissionsPage() {
  const { t, pick } = useI18n();
  const answer = useSubmissions({ limit: 500 });
  const list = answer.status === 'loaded' ? { status: 'loaded' as const, data: answer.data.submissions } : answer;
  const [period, setPeriod] = useState('');
  const all = list.status === 'loaded' ? list.data : [];
  const periods = [...new Set(all.map((s) => s.periodCode))];
  const shown = period ? all.filter((s) => s.periodCode === period) : all;

  return (
    <div className="container section">
      <Heading level={1}>{t('provider.history.title')}</Heading>
      <Paragraph purpose="lead">{t('provider.history.intro')}</Paragraph>
      <Paragraph>
        <Link to="/provider/upload">{t('provider.history.toUpload')}</Link>
      </Paragraph>
      {list.status === 'loading' && <Paragraph role="status">{t('common.loading')}</Paragraph>}
      {list.status === 'failed' && (
        <Notice tone="danger" live="alert">
          {pick(list.message)}
        </Notice>
      )}
      {list.status === 'loaded' && all.length === 0 && <Paragraph>{t('provider.history.empty')}</Paragraph>}
      {all.length > 0 && (
        <>
          <SelectField
            className="report-filter"
            id="history-period"
            label={t('provider.history.filter')}
            value={period}
            onChange={(event) => setPeriod(event.currentTarget.value)}
          >
            <option value="">{t('provider.history.filter.all')}</option>
            {periods.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </SelectField>
          <Paragraph role="status" className="results-status">
            {t('provider.history.shown', { count: shown.length })}
          </Paragraph>
          <SubmissionTable submissions={shown} />
        </>
      )}
    </div>
  );
}

function SubmissionTable({ submissions }: { submissions: Submission[] }) {
  const { t, number, language } = useI18n();
  const columns = {
    period: t('provider.history.col.period'),
    version: t('provider.history.col.version'),
    status: t('provider.history.col.status'),
    rows: t('provider.history.col.rows'),
    file: t('provider.history.col.file'),
    when: t('provider.history.col.when'),
    by: t('provider.history.col.by'),
    late: t('provider.history.col.late'),
    hash: t('provider.history.col.hash'),
  };
  return (
    <TableScroll>
      <Table className="data-table history-table">
        <TableCaption className="visually-hidden">{t('provider.history.caption')}</TableCaption>
        <TableHeader>
          <TableRow>
            {Object.values(columns).map((label) => (
              <TableHeaderCell scope="col" key={label}>
                {label}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {submissions.map((s) => (
            <TableRow key={s.id} className={s.status === 'current' ? 'history-row--current' : undefined}>
              <TableCell data-label={columns.period}>{s.periodCode}</TableCell>
              <TableCell data-label={columns.version} className="numeric">
                {number(s.version)}
              </TableCell>
              <TableCell data-label={columns.status}>
                {s.status === 'current' ? (
                  <span className="badge badge--allowed">{t('provider.history.status.current')}</span>
                ) : (
                  <>
                    <span className="badge badge--neutral">{t('provider.history.status.replaced')}</span>
                    {s.replacedAt && <span className="cell-note">{formatDateTime(s.replacedAt, language)}</span>}
                  </>
                )}
              </TableCell>
              <TableCell data-label={columns.rows} className="numeric">
                {s.recordCount === null ? '–' : number(s.recordCount)}
              </TableCell>
              <TableCell data-label={columns.file}>
                {s.fileName ? (
                  <span className="code code--break">{s.fileName}</span>
                ) : (
                  <span className="muted">{t('provider.history.noFile')}</span>
                )}
                {(s.sizeBytes !== null || s.format) && (
                  <span className="cell-note">
                    {[s.sizeBytes !== null ? formatBytes(s.sizeBytes, language) : '', s.format?.toUpperCase() ?? '']
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                )}
              </TableCell>
              <TableCell data-label={columns.when}>
                <time dateTime={s.submittedAt}>{formatDateTime(s.submittedAt, language)}</time>
              </TableCell>
              <TableCell data-label={columns.by}>
                {s.submittedBy.type === 'user'
                  ? s.submittedBy.name
                  : s.submittedBy.type === 'client'
                    ? t('provider.history.by.client', { name: s.submittedBy.name })
                    : t('provider.history.by.system')}
              </TableCell>
              <TableCell data-label={columns.late}>
                {s.late ? <span className="badge badge--warning">{t('provider.history.late.yes')}</span> : t('provider.history.late.no')}
              </TableCell>
              <TableCell data-label={columns.hash}>
                <Hash value={s.sha256} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

/**
 * A SHA-256 shortened to its first 12 characters; the whole value shows on hover (title) and on
 * keyboard focus, and is always there for screen readers.
 */
function Hash({ value }: { value: string }) {
  const { t } = useI18n();
  return (
    <span className="hash code" tabIndex={0} title={value}>
      <span className="hash__short" aria-hidden="true">
        {value.slice(0, 12)}…
      </span>
      <span className="hash__full">
        <VisuallyHidden>{t('provider.history.hash.full')} </VisuallyHidden>
        {value}
      </span>
    </span>
  );
}
