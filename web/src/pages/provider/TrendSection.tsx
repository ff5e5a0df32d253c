/**
 * The own figure and the region's over the last periods: a table (the numbers) and a simple SVG
 * line chart (the shape). A hidden region figure breaks its line rather than being guessed.
 */
import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import { useId } from 'react';
import type { components } from '../../api/schema';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { linePath, linear } from '../../figures/scale';
import { formatPercent } from '../../figures/format';
import { TableScroll } from '../../components/TableScroll';

type Trend = components['schemas']['Trend'];
type TrendPoint = Trend['region']['points'][number];
type Direction = NonNullable<Trend['region']['trend']>['direction'];

const width = 720;
const height = 300;
const margin = { left: 64, right: 32, top: 16, bottom: 40 };

export function TrendSection({ trend }: { trend: Trend }) {
  const { t, pick, number, language } = useI18n();
  const captionId = useId();
  const own = trend.providers.find((provider) => provider.own);
  const percent = (value: number) => formatPercent(value, language);
  const at = (points: TrendPoint[] | undefined, period: string) => points?.find((point) => point.period === period);
  const shownValue = (point: TrendPoint | undefined) =>
    point && !point.suppressed && typeof point.value === 'number' ? point.value : null;

  const values = trend.periods
    .flatMap((period) => [shownValue(at(own?.points, period)), shownValue(at(trend.region.points, period))])
    .filter((v): v is number => v !== null);
  const yMin = values.length ? Math.max(0, Math.floor((Math.min(...values) - 0.05) * 20) / 20) : 0;
  const yMax = values.length ? Math.min(1, Math.ceil((Math.max(...values) + 0.05) * 20) / 20) : 1;
  const y = linear(yMin, yMax, height - margin.bottom, margin.top, 6);
  const step = trend.periods.length > 1 ? (width - margin.left - margin.right) / (trend.periods.length - 1) : 0;
  const xAt = (index: number) => (trend.periods.length > 1 ? margin.left + index * step : (margin.left + width - margin.right) / 2);
  const series = (points: TrendPoint[] | undefined) =>
    trend.periods.map((period, index): [number, number] | null => {
      const value = shownValue(at(points, period));
      return value === null ? null : [xAt(index), y(value)];
    });
  const ownSeries = series(own?.points);
  const regionSeries = series(trend.region.points);

  const cell = (point: TrendPoint | undefined) => {
    if (!point) return <span className="muted">{t('provider.results.noData')}</span>;
    if (point.suppressed) return <span>{`< ${number(trend.minN)}`}</span>;
    const value = shownValue(point);
    return value === null ? (
      '–'
    ) : (
      <>
        {percent(value)} <span className="cell-note">{t('provider.results.xOfN', { x: point.x ?? 0, n: point.n ?? 0 })}</span>
      </>
    );
  };

  return (
    <>
      <Paragraph>
        {own?.trend && t('provider.trend.own', { direction: directionText(own.trend.direction, t), periods: own.trend.periods.join(', ') })}{' '}
        {trend.region.trend && t('provider.trend.region', { direction: directionText(trend.region.trend.direction, t) })}
      </Paragraph>
      <figure className="chart">
        <figcaption id={captionId} className="chart__caption">
          {t('provider.trend.caption', { indicator: pick(trend.definition.name) })}
        </figcaption>
        <svg viewBox={`0 0 ${width} ${height}`} className="chart__svg chart__svg--trend" role="img" aria-labelledby={captionId}>
          <g className="chart__axes">
            {y.ticks.map((tick) => (
              <g key={tick}>
                <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} className="chart__grid" />
                <text x={margin.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                  {formatPercent(tick, language, 0)}
                </text>
              </g>
            ))}
            {trend.periods.map((period, index) => (
              <text key={period} x={xAt(index)} y={height - margin.bottom + 22} textAnchor="middle">
                {period}
              </text>
            ))}
            <line
              x1={margin.left}
              x2={width - margin.right}
              y1={height - margin.bottom}
              y2={height - margin.bottom}
              className="chart__axis"
            />
          </g>
          <path d={linePath(regionSeries)} className="trend__line trend__line--region" />
          {regionSeries.map(
            (point, index) =>
              point && <rect key={index} x={point[0] - 4.5} y={point[1] - 4.5} width={9} height={9} className="trend__marker--region" />,
          )}
          <path d={linePath(ownSeries)} className="trend__line trend__line--own" />
          {ownSeries.map(
            (point, index) => point && <circle key={index} cx={point[0]} cy={point[1]} r={6} className="trend__marker--own" />,
          )}
        </svg>
        <ul className="chart__legend" aria-label={t('provider.chart.legend')}>
          <li>
            <svg width="28" height="14" aria-hidden="true">
              <line x1="0" x2="28" y1="7" y2="7" className="trend__line trend__line--own" />
              <circle cx="14" cy="7" r="5" className="trend__marker--own" />
            </svg>
            {t('provider.funnel.own.label')}
          </li>
          <li>
            <svg width="28" height="14" aria-hidden="true">
              <line x1="0" x2="28" y1="7" y2="7" className="trend__line trend__line--region" />
              <rect x="10" y="3" width="8" height="8" className="trend__marker--region" />
            </svg>
            {t('provider.trend.regionLabel')}
          </li>
        </ul>
      </figure>
      <TableScroll>
        <Table className="data-table">
          <TableCaption className="visually-hidden">{t('provider.trend.caption', { indicator: pick(trend.definition.name) })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('provider.history.col.period')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('provider.funnel.own.label')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('provider.trend.regionLabel')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {trend.periods.map((period) => (
              <TableRow key={period}>
                <TableHeaderCell scope="row">{period}</TableHeaderCell>
                <TableCell>{cell(at(own?.points, period))}</TableCell>
                <TableCell>{cell(at(trend.region.points, period))}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableScroll>
    </>
  );
}

type T = ReturnType<typeof useI18n>['t'];

function directionText(direction: Direction, t: T): string {
  return t(direction === 'up' ? 'provider.trend.up' : direction === 'down' ? 'provider.trend.down' : 'provider.trend.flat');
}
