/**
 * One indicator's funnel plot for a period and product category (SPEC §3): every provider against
 * the peer proportion and its control limits, with the same data as a table below it.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useDefinitions, useFunnel } from '../../data/indicators';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { FinalityLabel } from '../../figures/FinalityLabel';
import { FunnelPlot } from '../../figures/FunnelPlot';
import { FunnelTable } from '../../figures/FunnelTable';
import { Notice } from '../../components/Notice';
import { shownPoints } from '../../figures/funnel-words';
import { directionKey } from '../../figures/IndicatorMatrix';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { IndicatorId } from '../../figures/indicators';
import { categoryLabel, SelectionBar, selectionQuery, useSelection } from './Selection';
import { LoadFailed, Loading } from '../../components/Status';

export function FunnelPage() {
  const { t, pick, number } = useI18n();
  const { choices, selection } = useSelection();
  const definitions = useDefinitions(selection);
  const known = definitions.status === 'loaded' ? definitions.data : undefined;
  const indicator = known && selection ? (known.find((d) => d.id === selection.indicator) ?? known[0]) : undefined;
  const funnel = useFunnel(
    selection && indicator && { period: selection.period, productCategory: selection.category, indicator: indicator.id as IndicatorId },
  );
  const providerHref = (agb: string) => `/compare/providers/${agb}${selection ? selectionQuery(selection) : ''}`;

  return (
    <div className="container section">
      <Heading level={1}>{t('funnel.title')}</Heading>
      <Paragraph purpose="lead">{t('funnel.intro')}</Paragraph>
      {choices.status === 'loading' && <Loading />}
      {choices.status === 'failed' && <LoadFailed message={choices.message} />}
      {definitions.status === 'failed' && <LoadFailed message={definitions.message} />}
      {choices.status === 'loaded' && selection && known && indicator && (
        <>
          <SelectionBar
            choices={choices.data}
            selection={{ ...selection, indicator: indicator.id }}
            definitions={known}
            idPrefix="funnel"
          />
          <Paragraph>
            <Link to={`/compare${selectionQuery(selection)}`}>{t('funnel.toOverview')}</Link>
          </Paragraph>
          <section className="section-block" aria-labelledby="funnel-heading">
            <Heading level={2} id="funnel-heading">
              {t('funnel.heading', {
                indicator: pick(indicator.name),
                category: categoryLabel(choices.data, selection.category, pick),
                period: selection.period,
              })}
            </Heading>
            <DataList className="cm-definitions">
              <DataListItem>
                <DataListKey>{t('funnel.definition.numerator')}</DataListKey>
                <DataListValue>{pick(indicator.numerator)}</DataListValue>
              </DataListItem>
              <DataListItem>
                <DataListKey>{t('funnel.definition.denominator')}</DataListKey>
                <DataListValue>{pick(indicator.denominator)}</DataListValue>
              </DataListItem>
              <DataListItem>
                <DataListKey>{t('funnel.definition.direction')}</DataListKey>
                <DataListValue>{t(directionKey(indicator))}</DataListValue>
              </DataListItem>
            </DataList>
            {funnel.status === 'loading' && <Loading />}
            {funnel.status === 'failed' && <LoadFailed message={funnel.message} />}
            {funnel.status === 'loaded' && (
              <>
                <FinalityLabel finality={funnel.data.finality} />
                <FunnelPlot
                  mode="region"
                  funnel={funnel.data}
                  label={t('funnel.figure.label', {
                    indicator: pick(indicator.name),
                    category: selection.category,
                    period: selection.period,
                  })}
                  providerHref={providerHref}
                />
                <Paragraph className="muted">
                  {t('funnel.shown', { shown: number(shownPoints(funnel.data).length) })}{' '}
                  {funnel.data.points.length > shownPoints(funnel.data).length &&
                    t('funnel.suppressedCount', {
                      count: number(funnel.data.points.length - shownPoints(funnel.data).length),
                      minN: funnel.data.minN,
                    })}
                </Paragraph>
                <Notice>{t('funnel.flagMeaning', { flagMinN: number(funnel.data.flagMinN) })}</Notice>
                <section className="section-block" aria-labelledby="funnel-plot-table-heading">
                  <Heading level={2} id="funnel-plot-table-heading">
                    {t('funnel.table.heading')}
                  </Heading>
                  <FunnelTable
                    funnel={funnel.data}
                    caption={t('funnel.table.caption', { indicator: pick(indicator.name) })}
                    providerHref={providerHref}
                  />
                </section>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
