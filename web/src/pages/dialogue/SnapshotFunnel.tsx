/**
 * The funnel plot of one indicator as it was frozen in the dialogue's snapshot: the provider's
 * point with its interval, the peer proportion p0 and the 95% and 99.8% limits around it. Static
 * SVG that scales with its box (so it fits an A4 page), with the same facts in the caption as
 * text. Other providers are not in the snapshot, and need not be: the brief is shared with the
 * provider, who may not see its peers' figures.
 */
import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { linear, niceStep } from '../../figures/scale';
import { formatInterval, formatPercent } from '../../figures/format';
import { curveNs, funnelCurveAt, tau2FromLimits } from '../../../../schemas/stats/index.ts';
import type { SnapshotIndicator } from './model';

const width = 640;
const height = 300;
const margin = { top: 14, right: 18, bottom: 46, left: 58 };

export function SnapshotFunnel({ indicator, name, unit }: { indicator: SnapshotIndicator; name: string; unit: 'trajectories' | 'measurements' }) {
  const { t, language, number } = useI18n();
  const clipId = `snapshot-funnel-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { figure, funnel } = indicator;
  if (figure.suppressed || figure.value === null || figure.n === 0 || funnel.p0 === null || !funnel.limits) return null;
  const { p0, limits } = funnel;
  const n = figure.n;
  const value = figure.value;

  const xStep = niceStep(Math.max(n * 1.5, 20), 6);
  const xMax = Math.ceil((Math.max(n * 1.5, 20)) / xStep) * xStep;
  const tau2 = limits.method === 'random-effects' ? tau2FromLimits(p0, n, limits) : 0;
  const curve = funnelCurveAt(p0, curveNs(Math.max(2, xMax / 40), xMax), limits.method, tau2);
  // The y range follows the limits from a quarter of the provider's n on: lower n would stretch
  // it to 0-100% and flatten the part that matters.
  const shown = curve.filter((c) => c.n >= n / 4);
  const values = [value, p0, ...(figure.interval ? [figure.interval.lower, figure.interval.upper] : []), ...shown.flatMap((c) => [c.lower998, c.upper998])];
  const pad = 0.03;
  const yStep = niceStep(Math.min(1, Math.max(...values) - Math.min(...values) + 2 * pad), 5);
  const low = Math.max(0, Math.floor((Math.min(...values) - pad) / yStep) * yStep);
  const high = Math.min(1, Math.ceil((Math.max(...values) + pad) / yStep) * yStep);

  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  const x = linear(0, xMax, plot.left, plot.right, 6);
  const y = linear(low, high, plot.bottom, plot.top, 6);
  const path = (key: 'lower95' | 'upper95' | 'lower998' | 'upper998') =>
    curve.map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.n).toFixed(1)},${y(c[key]).toFixed(1)}`).join('');
  const flag = funnel.position?.flag ?? null;
  const px = x(n);
  const py = y(value);
  const digits = yStep < 0.01 ? 1 : 0;
  const summary = t('dialogue.funnel.summary', {
    value: formatPercent(value, language),
    n: number(n),
    p0: formatPercent(p0, language),
    limits95: formatInterval({ lower: limits.lower95, upper: limits.upper95 }, language),
    limits998: formatInterval({ lower: limits.lower998, upper: limits.upper998 }, language),
  });

  return (
    <figure className="snapshot-funnel">
      <svg viewBox={`0 0 ${width} ${height}`} className="snapshot-funnel__svg" role="img" aria-label={`${t('dialogue.funnel.label', { indicator: name })}. ${summary}`}>
        <defs>
          <clipPath id={clipId}>
            <rect x={plot.left} y={plot.top} width={plot.right - plot.left} height={plot.bottom - plot.top} />
          </clipPath>
        </defs>
        {y.ticks.map((tick) => (
          <g key={`y${tick}`}>
            <line className="snapshot-funnel__grid" x1={plot.left} x2={plot.right} y1={y(tick)} y2={y(tick)} />
            <text className="snapshot-funnel__tick" x={plot.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatPercent(tick, language, digits)}
            </text>
          </g>
        ))}
        {x.ticks.map((tick) => (
          <text key={`x${tick}`} className="snapshot-funnel__tick" x={x(tick)} y={plot.bottom + 18} textAnchor="middle">
            {number(tick)}
          </text>
        ))}
        <line className="snapshot-funnel__axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        <line className="snapshot-funnel__axis" x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
        <text className="snapshot-funnel__axis-label" x={(plot.left + plot.right) / 2} y={height - 8} textAnchor="middle">
          {t(unit === 'measurements' ? 'dialogue.funnel.axis.measurements' : 'dialogue.funnel.axis.trajectories')}
        </text>
        <g clipPath={`url(#${clipId})`}>
          <path className="snapshot-funnel__limit snapshot-funnel__limit--998" d={path('upper998')} />
          <path className="snapshot-funnel__limit snapshot-funnel__limit--998" d={path('lower998')} />
          <path className="snapshot-funnel__limit snapshot-funnel__limit--95" d={path('upper95')} />
          <path className="snapshot-funnel__limit snapshot-funnel__limit--95" d={path('lower95')} />
          <line className="snapshot-funnel__peer" x1={plot.left} x2={plot.right} y1={y(p0)} y2={y(p0)} />
          {figure.interval && <line className="snapshot-funnel__whisker" x1={px} x2={px} y1={y(figure.interval.lower)} y2={y(figure.interval.upper)} />}
          {flag === 'above' && <path className="snapshot-funnel__point snapshot-funnel__point--flag" d={`M${px},${py - 9} L${px + 8},${py + 6} L${px - 8},${py + 6} Z`} />}
          {flag === 'below' && <path className="snapshot-funnel__point snapshot-funnel__point--flag" d={`M${px},${py + 9} L${px + 8},${py - 6} L${px - 8},${py - 6} Z`} />}
          {!flag && <rect className="snapshot-funnel__point" x={px - 6} y={py - 6} width={12} height={12} />}
        </g>
      </svg>
      <figcaption className="snapshot-funnel__caption">
        <ul className="snapshot-funnel__legend" aria-hidden="true">
          <li>
            {flag ? (
              // The same triangle as in the plot, pointing the same way.
              <svg className="snapshot-funnel__key snapshot-funnel__key--flag" viewBox="0 0 16 16" focusable="false">
                <path className="snapshot-funnel__point snapshot-funnel__point--flag" d={flag === 'above' ? 'M8,1.5 L14.5,14 L1.5,14 Z' : 'M8,14.5 L14.5,2 L1.5,2 Z'} />
              </svg>
            ) : (
              <span className="snapshot-funnel__key snapshot-funnel__key--point" />
            )}
            {t(flag ? 'dialogue.funnel.legend.flag' : 'dialogue.funnel.legend.point')}
          </li>
          <li>
            <span className="snapshot-funnel__key snapshot-funnel__key--peer" />
            {t('dialogue.funnel.legend.peer')}
          </li>
          <li>
            <span className="snapshot-funnel__key snapshot-funnel__key--95" />
            {t('dialogue.funnel.legend.limit95')}
          </li>
          <li>
            <span className="snapshot-funnel__key snapshot-funnel__key--998" />
            {t('dialogue.funnel.legend.limit998')}
          </li>
        </ul>
        <Paragraph>
          {summary}
          {limits.method === 'random-effects' && ` ${t('dialogue.funnel.randomEffects')}`}
        </Paragraph>
      </figcaption>
    </figure>
  );
}
