/**
 * One provider as a contract manager prepares the dialogue with it: every indicator with value, n,
 * interval, region figure, funnel position, case-mix O/E and trend; then data quality and the
 * submission history. The figures come from the same region-wide table as the overview (not a
 * table filtered to this provider), so what is hidden there is hidden here too.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { api } from '../../api/client';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { Casemix, Funnel, IndicatorId, Trend } from '../../figures/indicators';
import { rememberDefinitions, useEach, useLoad } from './load';
import { IndicatorsSection } from './ProviderIndicators';
import { QualitySection, SubmissionsSection } from './ProviderRecords';
import { TrendSection } from './ProviderTrend';
import { categoryLabel, SelectionBar, selectionQuery, useSelection } from './Selection';
import { LoadFailed, Loading } from './status';

export interface Comparisons {
  funnels: ReadonlyMap<string, Funnel>;
  casemix: ReadonlyMap<string, Casemix>;
  trends: ReadonlyMap<string, Trend>;
  /** Still coming in: a cell without its result shows "loading" rather than a dash. */
  pending: boolean;
  trendsPending: boolean;
}

export function ProviderPage({ params }: { params: Record<string, string> }) {
  const { t, pick } = useI18n();
  const agb = params.agb;
  const { choices, selection } = useSelection();
  const key = selection && `${agb}/${selection.period}/${selection.category}`;
  const table = useLoad(
    (signal) => api.get('/api/v1/indicators', { query: { period: selection!.period, productCategory: selection!.category }, signal }).then(rememberDefinitions),
    key,
  );
  const tableFor = table.status === 'loaded' && selection && table.data.period === selection.period && table.data.productCategory === selection.category ? table.data : undefined;
  const row = tableFor?.rows.find((r) => r.provider.agb === agb);
  const ids = tableFor && row ? tableFor.definitions.map((d) => d.id) : [];
  const query = (indicator: string) => ({ period: selection!.period, productCategory: selection!.category, indicator: indicator as IndicatorId });
  const comparisonKey = tableFor && row ? key : undefined;
  const funnels = useEach(ids, (id, signal) => api.get('/api/v1/comparisons/funnel', { query: query(id), signal }), comparisonKey);
  const casemix = useEach(ids, (id, signal) => api.get('/api/v1/comparisons/casemix', { query: query(id), signal }), comparisonKey);
  // Trends are the slowest; they start once the table above is complete.
  const trends = useEach(
    ids,
    (id, signal) => api.get('/api/v1/comparisons/trend', { query: { ...query(id), providerAgb: agb }, signal }),
    comparisonKey && funnels.done && casemix.done ? comparisonKey : undefined,
  );
  const comparisons: Comparisons = {
    funnels: funnels.results,
    casemix: casemix.results,
    trends: trends.results,
    pending: !funnels.done || !casemix.done,
    trendsPending: !trends.done,
  };
  const failed = funnels.failed.size + casemix.failed.size + trends.failed.size;
  const quality = useLoad((signal) => api.get('/api/v1/data-quality', { query: { period: selection!.period, providerAgb: agb }, signal }), selection && `${agb}/${selection.period}`);
  const submissions = useLoad((signal) => api.get('/api/v1/submissions', { query: { providerAgb: agb, limit: 100 }, signal }), agb);

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
      <Paragraph purpose="lead">
        {t('detail.intro', { agb })}
      </Paragraph>
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
            {tableFor && !row && <Notice>{t('detail.noRow', { category: categoryLabel(choices.data, selection.category, pick), period: selection.period })}</Notice>}
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
            <TrendSection agb={agb} definitions={tableFor.definitions} trends={comparisons.trends} pending={comparisons.trendsPending} minN={tableFor.minN} />
          )}
          <QualitySection agb={agb} period={selection.period} quality={quality} />
          <SubmissionsSection submissions={submissions} />
        </>
      )}
    </div>
  );
}
