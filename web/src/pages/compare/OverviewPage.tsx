/**
 * The contract manager's overview (SPEC §3, §7): every provider of the region × every indicator for
 * one period and product category, with the region total. Bespreekpunten come from the funnel of
 * each indicator; they are marked as points for the dialogue, never as verdicts.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useDataQuality, useIndicatorTable, useRegionFlags } from '../../data/indicators';
import { FinalityLabel } from '../../figures/FinalityLabel';
import { IndicatorMatrix } from '../../figures/IndicatorMatrix';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { figureFor, type IndicatorTable } from '../../figures/indicators';
import { categoryLabel, SelectionBar, selectionQuery, useSelection } from './Selection';
import { LoadFailed, Loading } from '../../components/Status';

export function OverviewPage() {
  const { t, pick, number } = useI18n();
  const { choices, selection } = useSelection();
  const table = useIndicatorTable(selection);
  // Only once the table for *this* selection is in (not the previous one still on screen).
  const tableFor =
    table.status === 'loaded' &&
    selection &&
    table.data.period === selection.period &&
    table.data.productCategory === selection.category &&
    table.data.rows.length > 0
      ? table.data
      : undefined;
  const flags = useRegionFlags(tableFor);
  const quality = useDataQuality(selection && { period: selection.period });
  const threshold = quality.status === 'loaded' ? { status: 'loaded' as const, data: quality.data.lowResponseRate } : quality;

  const lowResponse =
    table.status === 'loaded' && threshold.status === 'loaded'
      ? new Set(
          table.data.rows
            .filter((row) => {
              const response = figureFor(row.figures, 'response');
              return response && !response.suppressed && response.value !== null && response.value < threshold.data;
            })
            .map((row) => row.provider.agb),
        )
      : undefined;

  return (
    <div className="container cm-wide section">
      <Heading level={1}>{t('compare.overview.title')}</Heading>
      <Paragraph purpose="lead">{t('compare.overview.intro')}</Paragraph>
      {choices.status === 'failed' && <LoadFailed message={choices.message} />}
      {choices.status === 'loaded' && selection && (
        <>
          <SelectionBar choices={choices.data} selection={selection} idPrefix="overview" />
          <section className="section-block" aria-labelledby="overview-results">
            <Heading level={2} id="overview-results">
              {t('compare.overview.heading', { category: categoryLabel(choices.data, selection.category, pick), period: selection.period })}
            </Heading>
            {table.status === 'loading' && <Loading />}
            {table.status === 'failed' && <LoadFailed message={table.message} />}
            {table.status === 'loaded' && <FinalityLabel finality={table.data.finality} />}
            {table.status === 'loaded' &&
              (table.data.rows.length === 0 ? (
                <Notice>{t('compare.empty')}</Notice>
              ) : (
                <>
                  <Paragraph>
                    {t('compare.overview.summary', { providers: number(table.data.rows.length) })}{' '}
                    <Link to={`/compare/funnel${selectionQuery(selection)}`}>{t('compare.overview.toFunnel')}</Link>
                  </Paragraph>
                  <Paragraph className="muted" role="status">
                    {flags.status === 'loading' && t('compare.flags.loading')}
                    {flags.status === 'loaded' && flags.data.failed > 0 && t('compare.flags.partial')}
                  </Paragraph>
                  {flags.status === 'failed' && <Notice tone="warning">{t('compare.flags.failed')}</Notice>}
                  <IndicatorMatrix
                    table={table.data}
                    caption={t('compare.overview.caption', {
                      category: categoryLabel(choices.data, selection.category, pick),
                      period: selection.period,
                    })}
                    regionLabel={regionLabel(table.data, t, number)}
                    positions={flags.status === 'loaded' ? flags.data.positions : new Map()}
                    lowResponse={lowResponse}
                    providerHref={(agb) => `/compare/providers/${agb}${selectionQuery(selection)}`}
                    idPrefix="overview"
                  />
                </>
              ))}
          </section>
        </>
      )}
      {choices.status === 'loading' && <Loading />}
    </div>
  );
}

export function regionLabel(table: IndicatorTable, t: ReturnType<typeof useI18n>['t'], number: (n: number) => string): string {
  return table.region.providers === null
    ? t('compare.region')
    : t('compare.region.providers', { providers: number(table.region.providers) });
}
