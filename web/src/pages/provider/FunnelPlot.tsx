/**
 * The funnel plot (Spiegelhalter 2005) for one indicator: every provider's proportion against its
 * n, the peer proportion p0, and the 95% and 99.8% control limits from the API's `curve`. Peers are
 * anonymous grey dots; the own point is highlighted and can be reached with the keyboard, where it
 * says its numbers. The same content follows as a table, for anyone who cannot use the picture.
 * A point outside the limits is a bespreekpunt: a reason to talk, never a verdict.
 */
import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { useId, useState } from 'react';
import type { components } from '../../api/schema';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { linePath, linear } from '../../figures/scale';
import { formatDecimal, formatPercent } from '../../figures/format';

type Funnel = components['schemas']['Funnel'];
type FunnelPoint = Funnel['points'][number];
export type ShownPoint = Extract<FunnelPoint, { suppressed: false }>;

const width = 720;
const height = 420;
const margin = { left: 64, right: 24, top: 16, bottom: 56 };
const limitKeys = ['upper998', 'upper95', 'lower95', 'lower998'] as const;

export function isShown(point: FunnelPoint): point is ShownPoint {
  return !point.suppressed;
}

/** The limits at n, from the nearest computed n at or below it. */
export function limitsAt(funnel: Funnel, n: number): Funnel['curve'][number] | undefined {
  let best: Funnel['curve'][number] | undefined;
  for (const entry of funnel.curve) if (entry.n <= n && (!best || entry.n > best.n)) best = entry;
  return best;
}

export function FunnelPlot({ funnel }: { funnel: Funnel }) {
  const { t, pick, number, language } = useI18n();
  const clipId = useId();
  const captionId = useId();
  const [focused, setFocused] = useState(false);
  const p0 = funnel.peer.p0;
  const shown = funnel.points.filter(isShown);
  const own = shown.find((point) => point.own);
  if (p0 === null || shown.length === 0) return null;

  const percent = (value: number) => formatPercent(value, language);
  const maxN = Math.max(...shown.map((point) => point.n), 10);
  const x = linear(0, Math.ceil((maxN * 1.08) / 10) * 10, margin.left, width - margin.right, 8);
  const values = [...shown.map((point) => point.value), p0];
  const yMin = Math.max(0, Math.floor((Math.min(...values) - 0.08) * 20) / 20);
  const yMax = Math.min(1, Math.ceil((Math.max(...values) + 0.08) * 20) / 20);
  const y = linear(yMin, yMax, height - margin.bottom, margin.top, 7);
  const xEnd = x.ticks[x.ticks.length - 1] ?? maxN;
  const curve = funnel.curve.filter((entry) => entry.n <= xEnd * 1.1);
  const ownLimits = own ? limitsAt(funnel, own.n) : undefined;
  const ownText = own
    ? t('provider.funnel.own.point', {
        value: percent(own.value),
        x: own.x,
        n: own.n,
        lower: own.interval ? percent(own.interval.lower) : '–',
        upper: own.interval ? percent(own.interval.upper) : '–',
        p0: percent(p0),
      })
    : '';

  return (
    <figure className="chart funnel">
      <figcaption id={captionId} className="chart__caption">
        {t('provider.funnel.caption', { indicator: pick(funnel.definition.name), period: funnel.period, category: funnel.productCategory })}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="chart__svg" role="group" aria-labelledby={captionId}>
        <defs>
          <clipPath id={clipId}>
            <rect x={margin.left} y={margin.top} width={width - margin.left - margin.right} height={height - margin.top - margin.bottom} />
          </clipPath>
        </defs>
        <g aria-hidden="true" className="chart__axes">
          {y.ticks.map((tick) => (
            <g key={`y${tick}`}>
              <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} className="chart__grid" />
              <text x={margin.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatPercent(tick, language, 0)}
              </text>
            </g>
          ))}
          {x.ticks.map((tick) => (
            <text key={`x${tick}`} x={x(tick)} y={height - margin.bottom + 20} textAnchor="middle">
              {number(tick)}
            </text>
          ))}
          <line x1={margin.left} x2={width - margin.right} y1={height - margin.bottom} y2={height - margin.bottom} className="chart__axis" />
          <line x1={margin.left} x2={margin.left} y1={margin.top} y2={height - margin.bottom} className="chart__axis" />
          <text x={(margin.left + width - margin.right) / 2} y={height - 12} textAnchor="middle" className="chart__label">
            {t(funnel.definition.unit === 'measurements' ? 'provider.funnel.axis.nMeasurements' : 'provider.funnel.axis.nTrajectories')}
          </text>
          <text transform={`translate(16 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="chart__label">
            {pick(funnel.definition.name)}
          </text>
        </g>
        <g clipPath={`url(#${clipId})`} aria-hidden="true">
          {limitKeys.map((key) => (
            <path
              key={key}
              d={linePath(curve.map((entry) => [x(entry.n), y(entry[key])]))}
              className={`funnel__limit ${key.endsWith('998') ? 'funnel__limit--998' : 'funnel__limit--95'}`}
            />
          ))}
          <line x1={margin.left} x2={width - margin.right} y1={y(p0)} y2={y(p0)} className="funnel__p0" />
          {shown
            .filter((point) => !point.own)
            .map((point, index) => (
              <circle key={index} cx={x(point.n)} cy={y(point.value)} r={4.5} className="funnel__peer" />
            ))}
        </g>
        {own && (
          <g
            className="funnel__own"
            tabIndex={0}
            role="img"
            aria-label={ownText}
            onFocus={() => setFocused(true)}
            onBlur={() => setFocused(false)}
            onMouseEnter={() => setFocused(true)}
            onMouseLeave={() => setFocused(false)}
          >
            <circle cx={x(own.n)} cy={y(own.value)} r={12} className="funnel__own-halo" />
            <circle cx={x(own.n)} cy={y(own.value)} r={7.5} className="funnel__own-dot" />
            <text x={x(own.n) + 14} y={y(own.value)} dy="0.32em" className="funnel__own-label" aria-hidden="true">
              {t('provider.funnel.own.short')}
            </text>
            {focused && <Callout x={x(own.n)} y={y(own.value)} lines={[t('provider.funnel.own.label'), `${percent(own.value)} (${number(own.x)} / ${number(own.n)})`, t('provider.funnel.p0.short', { p0: percent(p0) })]} />}
          </g>
        )}
      </svg>
      <ul className="chart__legend" aria-label={t('provider.chart.legend')}>
        <li>
          <svg width="28" height="14" aria-hidden="true">
            <circle cx="14" cy="7" r="6" className="funnel__own-dot" />
          </svg>
          {t('provider.funnel.legend.own')}
        </li>
        <li>
          <svg width="28" height="14" aria-hidden="true">
            <circle cx="14" cy="7" r="4.5" className="funnel__peer" />
          </svg>
          {t('provider.funnel.legend.peer')}
        </li>
        <li>
          <svg width="28" height="14" aria-hidden="true">
            <line x1="0" x2="28" y1="7" y2="7" className="funnel__p0" />
          </svg>
          {t('provider.funnel.legend.p0', { p0: percent(p0) })}
        </li>
        <li>
          <svg width="28" height="14" aria-hidden="true">
            <line x1="0" x2="28" y1="7" y2="7" className="funnel__limit funnel__limit--95" />
          </svg>
          {t('provider.funnel.legend.95')}
        </li>
        <li>
          <svg width="28" height="14" aria-hidden="true">
            <line x1="0" x2="28" y1="7" y2="7" className="funnel__limit funnel__limit--998" />
          </svg>
          {t('provider.funnel.legend.998')}
        </li>
      </ul>
      {own && ownLimits && (
        <Paragraph className="chart__note">
          {t('provider.funnel.own.limits', {
            n: own.n,
            lower95: percent(ownLimits.lower95),
            upper95: percent(ownLimits.upper95),
            lower998: percent(ownLimits.lower998),
            upper998: percent(ownLimits.upper998),
          })}
        </Paragraph>
      )}
      {funnel.overdispersion?.overdispersed ? (
        <Notice className="chart__note">
          {t('provider.funnel.overdispersed', { phi: formatDecimal(funnel.overdispersion.phi, language, 2), tau2: formatDecimal(funnel.overdispersion.tau2, language, 4) })}
        </Notice>
      ) : (
        <Paragraph className="chart__note">{t('provider.funnel.exact')}</Paragraph>
      )}
    </figure>
  );
}

/** A box beside the own point with its numbers, flipped inwards near the plot's edges. */
function Callout({ x, y, lines }: { x: number; y: number; lines: string[] }) {
  const boxWidth = 250;
  const boxHeight = 16 + lines.length * 20;
  const left = x + 20 + boxWidth > width - margin.right ? x - 20 - boxWidth : x + 20;
  const top = Math.min(Math.max(y - boxHeight - 12, margin.top), height - margin.bottom - boxHeight);
  return (
    <g className="funnel__callout" aria-hidden="true">
      <rect x={left} y={top} width={boxWidth} height={boxHeight} rx={4} />
      {lines.map((line, index) => (
        <text key={index} x={left + 10} y={top + 24 + index * 20} className={index === 0 ? 'funnel__callout-title' : undefined}>
          {line}
        </text>
      ))}
    </g>
  );
}
