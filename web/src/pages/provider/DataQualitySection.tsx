/**
 * The own data quality for a period: how many trajectories, which version counts, whether it was
 * late or replaced, the response rate, and per field the share left unknown or empty.
 */
import { Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import type { components } from '../../api/schema';
import { fieldLabels, recordFields, type RecordField } from '../../../../schemas/record.ts';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import { formatPercent } from '../../figures/format';
import { TableScroll } from '../../components/TableScroll';

type Quality = components['schemas']['DataQuality']['providers'][number];

const isRecordField = (name: string): name is RecordField => (recordFields as readonly string[]).includes(name);

export function DataQualitySection({ quality, lowResponseRate }: { quality: Quality | undefined; lowResponseRate: number }) {
  const { t, pick, number, language } = useI18n();
  if (!quality) return <Paragraph>{t('provider.quality.none')}</Paragraph>;
  const percent = (value: number | null) => (value === null ? '–' : formatPercent(value, language));
  return (
    <>
      <Paragraph>{t('provider.quality.intro')}</Paragraph>
      <DataList className="details-list">
        <DataListItem>
          <DataListKey>{t('provider.quality.trajectories')}</DataListKey>
          <DataListValue>{number(quality.trajectories)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('provider.quality.submission')}</DataListKey>
          <DataListValue>
            {t('provider.quality.submission.value', {
              version: quality.submission.version,
              time: formatDateTime(quality.submission.submittedAt, language),
            })}
            {quality.submission.late && ` · ${t('provider.quality.late')}`}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('provider.quality.replacements')}</DataListKey>
          <DataListValue>{number(quality.replacements)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('provider.quality.response')}</DataListKey>
          <DataListValue>
            {percent(quality.responseRate)}
            {quality.lowResponse && ` · ${t('provider.quality.lowResponse', { threshold: formatPercent(lowResponseRate, language, 0) })}`}
          </DataListValue>
        </DataListItem>
      </DataList>
      <Heading level={3} id="quality-unknown">
        {t('provider.quality.unknown.title')}
      </Heading>
      <Paragraph>{t('provider.quality.unknown.text')}</Paragraph>
      <TableScroll>
        <Table className="data-table quality-table" aria-labelledby="quality-unknown">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('provider.quality.col.field')}</TableHeaderCell>
              <TableHeaderCell scope="col" className="numeric">
                {t('provider.quality.col.share')}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {Object.entries(quality.unknownShare).map(([field, share]) => (
              <TableRow key={field}>
                <TableHeaderCell scope="row">{isRecordField(field) ? pick(fieldLabels[field]) : field}</TableHeaderCell>
                <TableCell className="numeric">{percent(share)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableScroll>
    </>
  );
}
