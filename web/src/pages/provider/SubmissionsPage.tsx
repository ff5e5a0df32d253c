/**
 * Aanleverhistorie: every submission of the provider's own organisation, newest first, with the
 * version that counts per period marked, who delivered it and when, and the file's SHA-256 so a
 * provider can match it with the file they kept. A replaced version can be made current again
 * while the period's figures are provisional, after a confirmation.
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
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime, formatDay } from '../../figures/format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { formatBytes } from '../../figures/format';
import { useRestoreSubmission, useSubmissions } from '../../data/submissions';
import { failure, type LocalizedText } from '../../data/client';
import { todayInPortal } from '../../../../schemas/dates.ts';
import { TableScroll } from '../../components/TableScroll';

type Submission = components['schemas']['Submission'];

export function SubmissionsPage() {
  const { t, pick } = useI18n();
  const answer = useSubmissions({ limit: 500 });
  const [restored, setRestored] = useState<Submission | undefined>();
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
      <div role="status">
        {restored && (
          <Notice tone="success">{t('provider.history.restore.done', { version: restored.version, period: restored.periodCode })}</Notice>
        )}
      </div>
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
          <SubmissionTable submissions={shown} onRestored={setRestored} />
        </>
      )}
    </div>
  );
}

function SubmissionTable({ submissions, onRestored }: { submissions: Submission[]; onRestored: (restored: Submission) => void }) {
  const { t, number, language } = useI18n();
  // Dutch time, as the API decides: the last day is still allowed.
  const today = todayInPortal();
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
                    {s.restorableUntil && s.restorableUntil >= today && (
                      <RestoreVersion submission={s} until={s.restorableUntil} onRestored={onRestored} />
                    )}
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

/** "Deze versie herstellen", asked once more before the current version is replaced. */
function RestoreVersion({
  submission,
  until,
  onRestored,
}: {
  submission: Submission;
  until: string;
  onRestored: (restored: Submission) => void;
}) {
  const { t, pick, language } = useI18n();
  const restore = useRestoreSubmission();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<LocalizedText | undefined>();
  const questionId = `restore-question-${submission.id}`;

  const confirm = async () => {
    setBusy(true);
    setRefusal(undefined);
    try {
      const restored = await restore(submission.id);
      setAsking(false);
      onRestored(restored);
    } catch (error) {
      setRefusal(failure(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="restore-version">
      <span className="cell-note">{t('provider.history.restore.until', { date: formatDay(until, language) })}</span>
      {!asking && (
        <Button appearance="secondary-action-button" onClick={() => setAsking(true)}>
          {t('provider.history.restore.button')}
        </Button>
      )}
      {asking && (
        <div role="group" aria-labelledby={questionId}>
          <Notice tone="warning">
            <Paragraph id={questionId}>
              {t('provider.history.restore.question', {
                version: submission.version,
                rows: submission.recordCount ?? 0,
                period: submission.periodCode,
              })}
            </Paragraph>
            <div className="actions actions--tight">
              <Button appearance="primary-action-button" disabled={busy} onClick={() => void confirm()}>
                {t('provider.history.restore.yes')}
              </Button>
              <Button appearance="secondary-action-button" disabled={busy} onClick={() => setAsking(false)}>
                {t('provider.history.restore.no')}
              </Button>
            </div>
          </Notice>
        </div>
      )}
      <div role="alert">{refusal && <Notice tone="danger">{pick(refusal)}</Notice>}</div>
    </div>
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
