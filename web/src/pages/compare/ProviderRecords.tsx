/** The provider's data quality for the period and its submission history. */
import {
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { isMessageKey, useI18n } from '../../i18n';
import { formatPercent } from '../../figures/format';
import type { DataQuality, Submission } from '../../figures/indicators';
import type { Load } from '../../data/load';
import { LoadFailed, Loading } from '../../components/Status';

const qualityFields = [
  'endReason',
  'goalAttainment',
  'careForm',
  'productCode',
  'youthUsefulness',
  'parentUsefulness',
  'youthFurtherHelp',
  'parentFurtherHelp',
];

export function QualitySection({ agb, period, quality }: { agb: string; period: string; quality: Load<DataQuality> }) {
  const { t, language, number } = useI18n();
  const entry = quality.status === 'loaded' ? quality.data.providers.find((p) => p.provider.agb === agb) : undefined;
  const fields = entry
    ? [
        ...qualityFields.filter((f) => f in entry.unknownShare),
        ...Object.keys(entry.unknownShare).filter((f) => !qualityFields.includes(f)),
      ]
    : [];
  return (
    <section className="section-block" aria-labelledby="provider-quality">
      <Heading level={2} id="provider-quality">
        {t('detail.quality.title', { period })}
      </Heading>
      {quality.status === 'loading' && <Loading />}
      {quality.status === 'failed' && <LoadFailed message={quality.message} />}
      {quality.status === 'loaded' && !entry && <Paragraph>{t('detail.quality.none', { period })}</Paragraph>}
      {quality.status === 'loaded' && entry && (
        <div className="cm-quality">
          <DataList className="details-list">
            <DataListItem>
              <DataListKey>{t('detail.quality.trajectories')}</DataListKey>
              <DataListValue>
                {number(entry.trajectories)}
                {entry.categoriesLeftOut > 0 && (
                  <span className="cell-note">{t('detail.quality.leftOut', { count: entry.categoriesLeftOut })}</span>
                )}
              </DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('detail.quality.response')}</DataListKey>
              <DataListValue>
                {entry.responseRate === null ? '—' : formatPercent(entry.responseRate, language)}
                {entry.lowResponse && (
                  <span className="cell-note">
                    {t('detail.quality.lowResponse', { threshold: formatPercent(quality.data.lowResponseRate, language, 0) })}
                  </span>
                )}
              </DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('detail.quality.submission')}</DataListKey>
              <DataListValue>
                {t('detail.quality.version', {
                  version: entry.submission.version,
                  date: formatDateTime(entry.submission.submittedAt, language),
                })}
                {entry.submission.late && <span className="badge badge--denied">{t('detail.quality.late')}</span>}
              </DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('detail.quality.replacements')}</DataListKey>
              <DataListValue>{number(entry.replacements)}</DataListValue>
            </DataListItem>
          </DataList>
          <Table className="cm-table cm-quality-table">
            <TableCaption>{t('detail.quality.unknown.caption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('detail.quality.field')}</TableHeaderCell>
                <TableHeaderCell scope="col" className="numeric">
                  {t('detail.quality.unknown')}
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {fields.map((field) => {
                const key = `detail.quality.field.${field}`;
                const share = entry.unknownShare[field];
                return (
                  <TableRow key={field}>
                    <TableHeaderCell scope="row">{isMessageKey(key) ? t(key) : <span className="code">{field}</span>}</TableHeaderCell>
                    <TableCell className="numeric">{share == null ? '—' : formatPercent(share, language)}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <Paragraph className="muted">{t('detail.quality.unknown.note')}</Paragraph>
        </div>
      )}
    </section>
  );
}

export function SubmissionsSection({ submissions }: { submissions: Load<{ submissions: Submission[] }> }) {
  const { t, language, number } = useI18n();
  return (
    <section className="section-block" aria-labelledby="provider-submissions">
      <Heading level={2} id="provider-submissions">
        {t('detail.submissions.title')}
      </Heading>
      {submissions.status === 'loading' && <Loading />}
      {submissions.status === 'failed' && <LoadFailed message={submissions.message} />}
      {submissions.status === 'loaded' && submissions.data.submissions.length === 0 && (
        <Paragraph>{t('detail.submissions.none')}</Paragraph>
      )}
      {submissions.status === 'loaded' && submissions.data.submissions.length > 0 && (
        <div className="cm-scroll" role="region" aria-labelledby="provider-submissions-caption" tabIndex={0}>
          <Table className="cm-table">
            <TableCaption id="provider-submissions-caption" className="visually-hidden">
              {t('detail.submissions.caption')}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('detail.submissions.period')}</TableHeaderCell>
                <TableHeaderCell scope="col" className="numeric">
                  {t('detail.submissions.version')}
                </TableHeaderCell>
                <TableHeaderCell scope="col">{t('detail.submissions.status')}</TableHeaderCell>
                <TableHeaderCell scope="col" className="numeric">
                  {t('detail.submissions.records')}
                </TableHeaderCell>
                <TableHeaderCell scope="col">{t('detail.submissions.submitted')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('detail.submissions.file')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {submissions.data.submissions.map((submission) => (
                <TableRow key={submission.id}>
                  <TableHeaderCell scope="row">{submission.periodCode}</TableHeaderCell>
                  <TableCell className="numeric">{submission.version}</TableCell>
                  <TableCell>
                    {t(submission.status === 'current' ? 'detail.submissions.current' : 'detail.submissions.replaced')}
                    {submission.late && (
                      <>
                        {' '}
                        <span className="badge badge--denied">{t('detail.quality.late')}</span>
                      </>
                    )}
                  </TableCell>
                  <TableCell className="numeric">
                    {submission.recordCount === null ? (
                      <span title={t('detail.history.countHidden')}>{t('compare.suppressed.hidden')}</span>
                    ) : (
                      number(submission.recordCount)
                    )}
                  </TableCell>
                  <TableCell>
                    <span className="nowrap">{formatDateTime(submission.submittedAt, language)}</span>
                    <span className="cell-note">
                      {t(`detail.submissions.by.${submission.submittedBy.type}`, { name: submission.submittedBy.name })}
                    </span>
                  </TableCell>
                  <TableCell>
                    {submission.fileName ?? t('detail.submissions.noFile')}
                    <span className="cell-note">
                      SHA-256{' '}
                      <span className="code" title={submission.sha256}>
                        {submission.sha256.slice(0, 12)}…
                      </span>
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
