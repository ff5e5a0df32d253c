/** The provider's data quality for the period and its submission history. */
import { formatDateTime } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';
import { formatPercent, type DataQuality, type Submission } from './figures';
import type { Load } from './load';
import { LoadFailed, Loading } from './status';

const qualityFields = ['endReason', 'goalAttainment', 'careForm', 'productCode', 'youthUsefulness', 'parentUsefulness', 'youthFurtherHelp', 'parentFurtherHelp'];

export function QualitySection({ agb, period, quality }: { agb: string; period: string; quality: Load<DataQuality> }) {
  const { t, language, number } = useI18n();
  const entry = quality.status === 'loaded' ? quality.data.providers.find((p) => p.provider.agb === agb) : undefined;
  const fields = entry ? [...qualityFields.filter((f) => f in entry.unknownShare), ...Object.keys(entry.unknownShare).filter((f) => !qualityFields.includes(f))] : [];
  return (
    <section className="section-block" aria-labelledby="provider-quality">
      <h2 id="provider-quality">{t('detail.quality.title', { period })}</h2>
      {quality.status === 'loading' && <Loading />}
      {quality.status === 'failed' && <LoadFailed message={quality.message} />}
      {quality.status === 'loaded' && !entry && <p>{t('detail.quality.none', { period })}</p>}
      {quality.status === 'loaded' && entry && (
        <div className="cm-quality">
          <dl className="details-list">
            <div>
              <dt>{t('detail.quality.trajectories')}</dt>
              <dd>{number(entry.trajectories)}</dd>
            </div>
            <div>
              <dt>{t('detail.quality.response')}</dt>
              <dd>
                {entry.responseRate === null ? '—' : formatPercent(entry.responseRate, language)}
                {entry.lowResponse && (
                  <span className="cell-note">{t('detail.quality.lowResponse', { threshold: formatPercent(quality.data.lowResponseRate, language, 0) })}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('detail.quality.submission')}</dt>
              <dd>
                {t('detail.quality.version', { version: entry.submission.version, date: formatDateTime(entry.submission.submittedAt, language) })}
                {entry.submission.late && <span className="badge badge--denied">{t('detail.quality.late')}</span>}
              </dd>
            </div>
            <div>
              <dt>{t('detail.quality.replacements')}</dt>
              <dd>{number(entry.replacements)}</dd>
            </div>
          </dl>
          <table className="cm-table cm-quality-table">
            <caption>{t('detail.quality.unknown.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.quality.field')}</th>
                <th scope="col" className="numeric">
                  {t('detail.quality.unknown')}
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => {
                const key = `detail.quality.field.${field}`;
                const share = entry.unknownShare[field];
                return (
                  <tr key={field}>
                    <th scope="row">{isMessageKey(key) ? t(key) : <span className="code">{field}</span>}</th>
                    <td className="numeric">{share == null ? '—' : formatPercent(share, language)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">{t('detail.quality.unknown.note')}</p>
        </div>
      )}
    </section>
  );
}

export function SubmissionsSection({ submissions }: { submissions: Load<{ submissions: Submission[] }> }) {
  const { t, language, number } = useI18n();
  return (
    <section className="section-block" aria-labelledby="provider-submissions">
      <h2 id="provider-submissions">{t('detail.submissions.title')}</h2>
      {submissions.status === 'loading' && <Loading />}
      {submissions.status === 'failed' && <LoadFailed message={submissions.message} />}
      {submissions.status === 'loaded' && submissions.data.submissions.length === 0 && <p>{t('detail.submissions.none')}</p>}
      {submissions.status === 'loaded' && submissions.data.submissions.length > 0 && (
        <div className="cm-scroll" role="region" aria-labelledby="provider-submissions-caption" tabIndex={0}>
          <table className="cm-table">
            <caption id="provider-submissions-caption" className="visually-hidden">
              {t('detail.submissions.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.submissions.period')}</th>
                <th scope="col" className="numeric">
                  {t('detail.submissions.version')}
                </th>
                <th scope="col">{t('detail.submissions.status')}</th>
                <th scope="col" className="numeric">
                  {t('detail.submissions.records')}
                </th>
                <th scope="col">{t('detail.submissions.submitted')}</th>
                <th scope="col">{t('detail.submissions.file')}</th>
              </tr>
            </thead>
            <tbody>
              {submissions.data.submissions.map((submission) => (
                <tr key={submission.id}>
                  <th scope="row">{submission.periodCode}</th>
                  <td className="numeric">{submission.version}</td>
                  <td>
                    {t(submission.status === 'current' ? 'detail.submissions.current' : 'detail.submissions.replaced')}
                    {submission.late && (
                      <>
                        {' '}
                        <span className="badge badge--denied">{t('detail.quality.late')}</span>
                      </>
                    )}
                  </td>
                  <td className="numeric">{number(submission.recordCount)}</td>
                  <td>
                    <span className="nowrap">{formatDateTime(submission.submittedAt, language)}</span>
                    <span className="cell-note">
                      {t(`detail.submissions.by.${submission.submittedBy.type}`, { name: submission.submittedBy.name })}
                    </span>
                  </td>
                  <td>
                    {submission.fileName ?? t('detail.submissions.noFile')}
                    <span className="cell-note">
                      SHA-256 <span className="code" title={submission.sha256}>{submission.sha256.slice(0, 12)}…</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
