/**
 * The own data quality for a period: how many trajectories, which version counts, whether it was
 * late or replaced, the response rate, and per field the share left unknown or empty.
 */
import type { components } from '../../api/schema';
import { fieldLabels, recordFields, type RecordField } from '../../../../schemas/record.ts';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { formatPercent } from './format';
import { TableScroll } from '../../components/TableScroll';

type Quality = components['schemas']['DataQuality']['providers'][number];

const isRecordField = (name: string): name is RecordField => (recordFields as readonly string[]).includes(name);

export function DataQualitySection({ quality, lowResponseRate }: { quality: Quality | undefined; lowResponseRate: number }) {
  const { t, pick, number, language } = useI18n();
  if (!quality) return <p>{t('provider.quality.none')}</p>;
  const percent = (value: number | null) => (value === null ? '–' : formatPercent(value, language));
  return (
    <>
      <p>{t('provider.quality.intro')}</p>
      <dl className="details-list">
        <div>
          <dt>{t('provider.quality.trajectories')}</dt>
          <dd>{number(quality.trajectories)}</dd>
        </div>
        <div>
          <dt>{t('provider.quality.submission')}</dt>
          <dd>
            {t('provider.quality.submission.value', { version: quality.submission.version, time: formatDateTime(quality.submission.submittedAt, language) })}
            {quality.submission.late && ` · ${t('provider.quality.late')}`}
          </dd>
        </div>
        <div>
          <dt>{t('provider.quality.replacements')}</dt>
          <dd>{number(quality.replacements)}</dd>
        </div>
        <div>
          <dt>{t('provider.quality.response')}</dt>
          <dd>
            {percent(quality.responseRate)}
            {quality.lowResponse && ` · ${t('provider.quality.lowResponse', { threshold: formatPercent(lowResponseRate, language, 0) })}`}
          </dd>
        </div>
      </dl>
      <h3 id="quality-unknown">{t('provider.quality.unknown.title')}</h3>
      <p>{t('provider.quality.unknown.text')}</p>
      <TableScroll>
        <table className="data-table quality-table" aria-labelledby="quality-unknown">
          <thead>
            <tr>
              <th scope="col">{t('provider.quality.col.field')}</th>
              <th scope="col" className="numeric">
                {t('provider.quality.col.share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(quality.unknownShare).map(([field, share]) => (
              <tr key={field}>
                <th scope="row">{isRecordField(field) ? pick(fieldLabels[field]) : field}</th>
                <td className="numeric">{percent(share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
