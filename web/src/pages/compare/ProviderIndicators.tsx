/** The provider's indicators: value, region, funnel position, case-mix O/E and trend, one row each. */
import {
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { positionText } from '../../figures/funnel-words';
import { directionKey, useSuppressionText } from '../../figures/IndicatorMatrix';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import {
  figureFor,
  flagsByProvider,
  type CasemixRow,
  type Figure,
  type IndicatorRow,
  type IndicatorTable,
  type Trend,
} from '../../figures/indicators';
import { formatDecimal, formatInterval, formatPercent } from '../../figures/format';
import type { Comparisons } from './comparisons';
import { Sparkline } from '../../figures/Sparkline';

type TrendPoint = Trend['region']['points'][number];

export function IndicatorsSection({
  table,
  row,
  comparisons,
  funnelHref,
}: {
  table: IndicatorTable;
  row: IndicatorRow;
  comparisons: Comparisons;
  funnelHref: (indicator: string) => string;
}) {
  const { t, pick } = useI18n();
  return (
    <>
      <div className="cm-scroll" role="region" aria-labelledby="provider-indicators-caption" tabIndex={0}>
        <Table className="cm-table cm-provider-table">
          <TableCaption id="provider-indicators-caption" className="visually-hidden">
            {t('detail.indicators.caption')}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('detail.col.indicator')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('detail.col.value')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('detail.col.region')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('detail.col.position')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('detail.col.casemix')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('detail.col.trend')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {table.definitions.map((definition) => {
              const funnel = comparisons.funnels.get(definition.id);
              const position = funnel ? flagsByProvider(funnel).get(row.provider.agb) : undefined;
              const casemix = comparisons.casemix.get(definition.id)?.rows.find((r) => r.provider.agb === row.provider.agb);
              const trend = comparisons.trends.get(definition.id);
              const waiting = <span className="muted">{t('detail.waiting')}</span>;
              const own = trend?.providers.find((p) => p.provider.agb === row.provider.agb);
              const figure = figureFor(row.figures, definition.id);
              return (
                <TableRow key={definition.id} className={position?.flag ? 'cm-row--flag' : undefined}>
                  <TableHeaderCell scope="row">
                    {pick(definition.name)}
                    <span className="cell-note">{t(directionKey(definition))}</span>
                  </TableHeaderCell>
                  <TableCell>
                    <FigureText figure={figure} minN={table.minN} />
                  </TableCell>
                  <TableCell>
                    <FigureText figure={figureFor(table.region.figures, definition.id)} minN={table.minN} />
                  </TableCell>
                  <TableCell>
                    {funnel ? (
                      <>
                        {position?.flag && (
                          <span className={`cm-flag cm-flag--${position.flag}`} aria-hidden="true">
                            {position.flag === 'above' ? '▲ ' : '▼ '}
                          </span>
                        )}
                        {figure && !figure.suppressed ? positionText(position, funnel, t) : t('detail.position.hidden')}
                        <span className="cell-note">
                          <Link to={funnelHref(definition.id)}>
                            {t('detail.position.toFunnel')}
                            <VisuallyHidden> ({pick(definition.name)})</VisuallyHidden>
                          </Link>
                        </span>
                      </>
                    ) : comparisons.pending ? (
                      waiting
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>{!casemix && comparisons.pending ? waiting : <CasemixText row={casemix} minN={table.minN} />}</TableCell>
                  <TableCell>
                    {own ? (
                      <div className="cm-trend-cell">
                        <Sparkline values={own.points.map(pointValue)} region={trend!.region.points.map(pointValue)} />
                        <span>{own.trend ? t(`detail.trend.${own.trend.direction}`) : t('detail.trend.none')}</span>
                      </div>
                    ) : comparisons.trendsPending ? (
                      waiting
                    ) : (
                      '—'
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <div className="cm-explain">
        <Paragraph>{t('detail.flagNote')}</Paragraph>
        <Paragraph>{t('detail.casemixNote')}</Paragraph>
      </div>
    </>
  );
}

function pointValue(point: TrendPoint): number | null {
  return point.suppressed || point.value == null ? null : point.value;
}

/** A figure in one cell: value, n and interval, or why it is not shown. */
function FigureText({ figure, minN }: { figure: Figure | undefined; minN: number }) {
  const { t, language, number } = useI18n();
  const suppressed = useSuppressionText(minN);
  if (!figure) return <>—</>;
  if (figure.suppressed) {
    const { label, reason } = suppressed(figure.reason);
    return (
      <>
        <span className="cm-fig__value">{label}</span>
        <span className="cell-note">{reason}</span>
      </>
    );
  }
  if (figure.value === null) return <>{t('compare.noData')}</>;
  return (
    <>
      <span className="cm-fig__value">{formatPercent(figure.value, language)}</span>
      <span className="cell-note">
        {t('compare.xOfN', { x: number(figure.x), n: number(figure.n) })}
        {figure.interval && (
          <span className="nowrap cm-block">{t('compare.interval', { interval: formatInterval(figure.interval, language) })}</span>
        )}
      </span>
    </>
  );
}

function CasemixText({ row, minN }: { row: CasemixRow | undefined; minN: number }) {
  const { t, language } = useI18n();
  const suppressed = useSuppressionText(minN);
  if (!row) return <>—</>;
  if (row.suppressed) {
    const { label, reason } = suppressed(row.reason);
    return (
      <>
        <span className="cm-fig__value">{label}</span>
        <span className="cell-note">{reason}</span>
      </>
    );
  }
  if (row.ratio === undefined || row.expected === undefined || row.observed === undefined) return <>{t('detail.casemix.none')}</>;
  return (
    <>
      <span className="cm-fig__value">{t('detail.casemix.ratio', { ratio: formatDecimal(row.ratio, language) })}</span>
      <span className="cell-note">
        {row.lower !== undefined && row.upper !== undefined && (
          <span className="nowrap cm-block">
            {t('detail.casemix.interval', { lower: formatDecimal(row.lower, language), upper: formatDecimal(row.upper, language) })}
          </span>
        )}
        {t('detail.casemix.counts', {
          observed: formatDecimal(row.observed, language, 0),
          expected: formatDecimal(row.expected, language, 1),
        })}
        {row.pooledStrata && row.pooledStrata.length > 0 && (
          <>
            <br />
            {t('detail.casemix.strataMissing', { count: row.pooledStrata.length })}
          </>
        )}
      </span>
    </>
  );
}
