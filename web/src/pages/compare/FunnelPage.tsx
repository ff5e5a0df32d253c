/**
 * One indicator's funnel plot for a period and product category (SPEC §3): every provider against
 * the peer proportion and its control limits, with the same data as a table below it.
 */
import { api } from '../../api/client';
import { FunnelPlot } from '../../components/FunnelPlot';
import { FunnelTable } from '../../components/FunnelTable';
import { shownPoints } from '../../components/funnel-words';
import { directionKey } from '../../components/IndicatorMatrix';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { IndicatorId } from './figures';
import { loadDefinitions, useLoad } from './load';
import { categoryLabel, SelectionBar, selectionQuery, useSelection } from './Selection';
import { LoadFailed, Loading } from './status';

export function FunnelPage() {
  const { t, pick, number } = useI18n();
  const { choices, selection } = useSelection();
  const definitions = useLoad((signal) => loadDefinitions(selection!.period, selection!.category, signal), selection ? 'definitions' : undefined);
  const known = definitions.status === 'loaded' ? definitions.data : undefined;
  const indicator = known && selection ? (known.find((d) => d.id === selection.indicator) ?? known[0]) : undefined;
  const key = selection && indicator && `${selection.period}/${selection.category}/${indicator.id}`;
  const funnel = useLoad(
    (signal) =>
      api.get('/api/v1/comparisons/funnel', {
        query: { period: selection!.period, productCategory: selection!.category, indicator: indicator!.id as IndicatorId },
        signal,
      }),
    key,
  );
  const providerHref = (agb: string) => `/compare/providers/${agb}${selection ? selectionQuery(selection) : ''}`;

  return (
    <div className="container section">
      <h1>{t('funnel.title')}</h1>
      <p className="lead">{t('funnel.intro')}</p>
      {choices.status === 'loading' && <Loading />}
      {choices.status === 'failed' && <LoadFailed message={choices.message} />}
      {definitions.status === 'failed' && <LoadFailed message={definitions.message} />}
      {choices.status === 'loaded' && selection && known && indicator && (
        <>
          <SelectionBar choices={choices.data} selection={{ ...selection, indicator: indicator.id }} definitions={known} idPrefix="funnel" />
          <p>
            <Link to={`/compare${selectionQuery(selection)}`}>{t('funnel.toOverview')}</Link>
          </p>
          <section className="section-block" aria-labelledby="funnel-heading">
            <h2 id="funnel-heading">
              {t('funnel.heading', { indicator: pick(indicator.name), category: categoryLabel(choices.data, selection.category, pick), period: selection.period })}
            </h2>
            <dl className="cm-definitions">
              <div>
                <dt>{t('funnel.definition.numerator')}</dt>
                <dd>{pick(indicator.numerator)}</dd>
              </div>
              <div>
                <dt>{t('funnel.definition.denominator')}</dt>
                <dd>{pick(indicator.denominator)}</dd>
              </div>
              <div>
                <dt>{t('funnel.definition.direction')}</dt>
                <dd>{t(directionKey(indicator))}</dd>
              </div>
            </dl>
            {funnel.status === 'loading' && <Loading />}
            {funnel.status === 'failed' && <LoadFailed message={funnel.message} />}
            {funnel.status === 'loaded' && (
              <>
                <FunnelPlot
                  funnel={funnel.data}
                  label={t('funnel.figure.label', { indicator: pick(indicator.name), category: selection.category, period: selection.period })}
                  providerHref={providerHref}
                />
                <p className="muted">
                  {t('funnel.shown', { shown: number(shownPoints(funnel.data).length) })}{' '}
                  {funnel.data.points.length > shownPoints(funnel.data).length &&
                    t('funnel.suppressedCount', { count: number(funnel.data.points.length - shownPoints(funnel.data).length), minN: funnel.data.minN })}
                </p>
                <p className="notice">{t('funnel.flagMeaning', { flagMinN: number(funnel.data.flagMinN) })}</p>
                <section className="section-block" aria-labelledby="funnel-plot-table-heading">
                  <h2 id="funnel-plot-table-heading">{t('funnel.table.heading')}</h2>
                  <FunnelTable funnel={funnel.data} caption={t('funnel.table.caption', { indicator: pick(indicator.name) })} providerHref={providerHref} />
                </section>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
