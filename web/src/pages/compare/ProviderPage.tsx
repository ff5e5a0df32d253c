/**
 * One provider as a contract manager prepares the dialogue with it: every indicator with value, n,
 * interval, region figure, funnel position, case-mix O/E and trend; then data quality and the
 * submission history. The figures come from the same region-wide table as the overview (not a
 * table filtered to this provider), so what is hidden there is hidden here too.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useDataQuality, useIndicatorTable, useProviderComparisons } from '../../data/indicators';
import { useSubmissions } from '../../data/submissions';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { Comparisons } from './comparisons';
import { IndicatorsSection } from './ProviderIndicators';
import { QualitySection, SubmissionsSection } from './ProviderRecords';
import { TrendSection } from './ProviderTrend';
import { categoryLabel, SelectionBar, selectionQuery, useSelection } from './Selection';
import { LoadFailed, Loading } from '../../components/Status';

export function ProviderPage({ params }: { params: Record<string, string> }) {
  const { t, pick } = useI18n();
  const agb = params.agb;
  const { choices, selection } = useSelection();
  const table = useIndicatorTable(selection);
  const tableFor =
    table.status === 'loaded' && selection && table.data.period === selection.period && table.data.productCategory === selection.category
      ? table.data
      : undefined;
  const row = tableFor?.rows.find((r) => r.provider.agb === agb);
  const ids = tableFor && row ? tableFor.definitions.map((d) => d.id) : [];
  const { funnels, casemix, trends } = useProviderComparisons(agb, tableFor && row ? selection : undefined, ids);
  const comparisons: Comparisons = {
    funnels: funnels.results,
    casemix: casemix.results,
    trends: trends.results,
    pending: !funnels.done || !casemix.done,
    trendsPending: !trends.done,
  };
  const failed = funnels.failed + casemix.failed + trends.failed;
  const quality = useDataQuality(selection && { period: selection.period, providerAgb: agb });
  const submissions = useSubmissions({ providerAgb: agb, limit: 100 });

  const name =
    row?.provider.name ??
    (quality.status === 'loaded' ? quality.data.providers.find((p) => p.provider.agb === agb)?.provider.name : undefined) ??
    (submissions.status === 'loaded' ? submissions.data.submissions[0]?.providerName : undefined) ??
    t('detail.unknownName', { agb });

  return (
    <div className="container cm-wide section">
      <Paragraph className="cm-back">
        <Link to={`/compare${selection ? selectionQuery(selection) : ''}`}>{t('detail.back')}</Link>
      </Paragraph>
      <Heading level={1}>{name}</Heading>
      <Paragraph purpose="lead">{t('detail.intro', { agb })}</Paragraph>
      {choices.status === 'loading' && <Loading />}
      {choices.status === 'failed' && <LoadFailed message={choices.message} />}
      {choices.status === 'loaded' && selection && (
        <>
          <SelectionBar choices={choices.data} selection={selection} idPrefix="provider" />
          <section className="section-block" aria-labelledby="provider-indicators">
            <Heading level={2} id="provider-indicators">
              {t('detail.indicators', { category: categoryLabel(choices.data, selection.category, pick), period: selection.period })}
            </Heading>
            {table.status === 'loading' && <Loading />}
            {table.status === 'failed' && <LoadFailed message={table.message} />}
            {tableFor && !row && (
              <Notice>
                {t('detail.noRow', { category: categoryLabel(choices.data, selection.category, pick), period: selection.period })}
              </Notice>
            )}
            {tableFor && row && (
              <>
                <Paragraph role="status" className="muted">
                  {comparisons.pending || comparisons.trendsPending ? t('detail.loadingComparisons') : ''}
                </Paragraph>
                {failed > 0 && <Notice tone="warning">{t('detail.partial')}</Notice>}
                <IndicatorsSection
                  table={tableFor}
                  row={row}
                  comparisons={comparisons}
                  funnelHref={(indicator) => `/compare/funnel${selectionQuery({ ...selection, indicator })}`}
                />
              </>
            )}
          </section>
          {tableFor && row && (
            <TrendSection
              agb={agb}
              definitions={tableFor.definitions}
              trends={comparisons.trends}
              pending={comparisons.trendsPending}
              minN={tableFor.minN}
            />
          )}
          <QualitySection agb={agb} period={selection.period} quality={quality} />
          <SubmissionsSection submissions={submissions} />
        </>
      )}
    </div>
  );
}
