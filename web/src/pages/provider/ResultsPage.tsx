/**
 * Eigen resultaten: the provider's own indicators against the region for a period and product
 * category, the funnel and the trend for one indicator, and the own data quality. The choices
 * live in the address bar, so a view can be reloaded, bookmarked and shared within the team.
 * Other providers appear only as anonymous points: the API sends no names.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { paths } from '../../api/schema';
import { FinalityLabel } from '../../figures/FinalityLabel';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/Select';
import { useI18n } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { DataQualitySection } from './DataQualitySection';
import { FunnelSection } from './FunnelSection';
import { IndicatorOverview } from './IndicatorOverview';
import { TrendSection } from './TrendSection';
import { useCodes, useDataQuality, useFunnel, useIndicatorTable, usePeriods, useTrend } from '../../data/indicators';
import type { Load } from '../../data/load';

type IndicatorId = NonNullable<paths['/comparisons/funnel']['get']['parameters']['query']>['indicator'];

/** The list the funnel and trend accept (the contract's enum); names come with the indicator table. */
const indicatorIds: readonly IndicatorId[] = [
  'dropout',
  'unilateralEnd',
  'earlyEnd',
  'goalAttainment',
  'goalsPartlyAttained',
  'continuedWithoutHelp',
  'noFurtherHelp',
  'satisfaction',
  'response',
  'noReentry',
];
const isIndicatorId = (value: string | null): value is IndicatorId => indicatorIds.includes(value as IndicatorId);

/** Ambulant care (45) is what most providers offer, so it is the first view when none is chosen. */
const preferredCategory = '45';

interface Choice {
  period: string;
  category: string;
  indicator: IndicatorId;
}

export function ResultsPage() {
  const { t, pick } = useI18n();
  const location = useLocation();
  const periods = usePeriods();
  const codes = useCodes();

  const categories = codes.status === 'loaded' ? codes.data.productCategories : [];
  const periodList = periods.status === 'loaded' ? periods.data : [];
  const applied: Choice | undefined =
    periodList.length > 0 && categories.length > 0
      ? {
          period: location.search.get('period') ?? periodList[0].code,
          category:
            location.search.get('category') ??
            (categories.some((c) => c.code === preferredCategory) ? preferredCategory : categories[0].code),
          indicator: isIndicatorId(location.search.get('indicator')) ? (location.search.get('indicator') as IndicatorId) : 'dropout',
        }
      : undefined;

  const [draft, setDraft] = useState<Choice | undefined>(applied);
  const appliedKey = applied ? `${applied.period}|${applied.category}|${applied.indicator}` : '';
  // The address changed (a link, back/forward): show it in the form too.
  const [draftFor, setDraftFor] = useState(appliedKey);
  if (draftFor !== appliedKey) {
    setDraftFor(appliedKey);
    if (applied) setDraft(applied);
  }

  const table = useIndicatorTable(applied);
  const quality = useDataQuality(applied && { period: applied.period });
  const comparison = applied ? { period: applied.period, productCategory: applied.category, indicator: applied.indicator } : undefined;
  const funnel = useFunnel(comparison);
  const trend = useTrend(comparison);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft) return;
    navigate(`/provider/results?${new URLSearchParams({ period: draft.period, category: draft.category, indicator: draft.indicator })}`);
  };

  const ownQuality = quality.status === 'loaded' ? quality.data.providers[0] : undefined;
  const lowResponseRate = quality.status === 'loaded' ? quality.data.lowResponseRate : undefined;
  const definitions = table.status === 'loaded' ? table.data.definitions : [];
  const categoryName = (code: string) => {
    const found = categories.find((c) => c.code === code);
    return found ? `${code} ${pick(found)}` : code;
  };

  return (
    <div className="container section">
      <Heading level={1}>{t('provider.results.title')}</Heading>
      <Paragraph purpose="lead">{t('provider.results.intro')}</Paragraph>
      {[periods, codes].map((load, index) =>
        load.status === 'failed' ? (
          <Notice key={index} tone="danger" live="alert">
            {pick(load.message)}
          </Notice>
        ) : null,
      )}

      {draft && (
        <section className="panel" aria-labelledby="results-choice">
          <Heading level={2} id="results-choice">
            {t('provider.results.choice')}
          </Heading>
          <form className="filters" onSubmit={apply}>
            <SelectField
              id="results-period"
              label={t('provider.history.col.period')}
              value={draft.period}
              onChange={(event) => setDraft({ ...draft, period: event.currentTarget.value })}
            >
              {periodList.map((period) => (
                <option key={period.code} value={period.code}>
                  {period.code}
                </option>
              ))}
            </SelectField>
            <SelectField
              id="results-category"
              label={t('provider.results.category')}
              value={draft.category}
              onChange={(event) => setDraft({ ...draft, category: event.currentTarget.value })}
            >
              {categories.map((category) => (
                <option key={category.code} value={category.code}>
                  {categoryName(category.code)}
                </option>
              ))}
            </SelectField>
            <SelectField
              id="results-indicator"
              label={t('provider.results.indicator')}
              value={draft.indicator}
              onChange={(event) => setDraft({ ...draft, indicator: event.currentTarget.value as IndicatorId })}
            >
              {indicatorIds.map((id) => {
                const definition = definitions.find((d) => d.id === id);
                return (
                  <option key={id} value={id}>
                    {definition ? pick(definition.name) : id}
                  </option>
                );
              })}
            </SelectField>
            <div className="filters__actions">
              <Button appearance="primary-action-button" type="submit">
                {t('provider.results.show')}
              </Button>
            </div>
          </form>
        </section>
      )}

      {applied && (
        <>
          <section className="section-block" aria-labelledby="results-overview">
            <Heading level={2} id="results-overview">
              {t('provider.results.overview', { period: applied.period, category: categoryName(applied.category) })}
            </Heading>
            {table.status === 'loaded' && <FinalityLabel finality={table.data.finality} />}
            {/* Waits for the data quality too, so questionnaire figures do not turn grey after being shown. */}
            <Loaded load={quality.status === 'loading' ? quality : table}>
              {() =>
                table.status === 'loaded' && <IndicatorOverview table={table.data} quality={ownQuality} lowResponseRate={lowResponseRate} />
              }
            </Loaded>
          </section>

          <section className="section-block" aria-labelledby="results-funnel">
            <Heading level={2} id="results-funnel">
              {t('provider.funnel.title')}
            </Heading>
            <Loaded load={funnel}>{(data) => <FunnelSection funnel={data} />}</Loaded>
          </section>

          <section className="section-block" aria-labelledby="results-trend">
            <Heading level={2} id="results-trend">
              {t('provider.trend.title')}
            </Heading>
            <Loaded load={trend}>{(data) => <TrendSection trend={data} />}</Loaded>
          </section>

          <section className="section-block" aria-labelledby="results-quality">
            <Heading level={2} id="results-quality">
              {t('provider.quality.title', { period: applied.period })}
            </Heading>
            <Loaded load={quality}>
              {(data) => <DataQualitySection quality={data.providers[0]} lowResponseRate={data.lowResponseRate} />}
            </Loaded>
          </section>
        </>
      )}
    </div>
  );
}

/** A section's content once its request has answered; the waiting and the failure in between. */
function Loaded<T>({ load, children }: { load: Load<T>; children: (data: T) => ReactNode }) {
  const { t, pick } = useI18n();
  if (load.status === 'loading') return <Paragraph role="status">{t('common.loading')}</Paragraph>;
  if (load.status === 'failed') {
    return (
      <Notice tone="danger" live="alert">
        {pick(load.message)}
      </Notice>
    );
  }
  return <>{children(load.data)}</>;
}
