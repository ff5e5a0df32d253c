/**
 * The funnel plot of SPEC §3 (Spiegelhalter 2005) as accessible SVG: each provider's proportion
 * against its n, the peer proportion p0, and the 95% and 99.8% control limits from the API's curve.
 * Points are one tab stop; the arrow keys move between them (in order of n), and the focused or
 * hovered point's numbers show in the panel beside the chart and are its aria-label. A flag
 * (bespreekpunt) is marked by shape as well as colour. The same data as a table: FunnelTable.tsx.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { Link, navigate } from '../router';
import { formatDecimal, formatInterval, formatPercent } from './format';
import { type Funnel, type ShownPoint } from './indicators';
import { DataList, DataListItem, DataListKey, DataListValue } from '../components/DataList';
import { Notice } from '../components/Notice';
import { linear, niceStep } from './scale';
import { positionText, shownPoints } from './funnel-words';

type T = ReturnType<typeof useI18n>['t'];
type Language = ReturnType<typeof useI18n>['language'];

const margin = { top: 16, right: 20, bottom: 58, left: 70 };

export function FunnelPlot({ funnel, label, providerHref }: { funnel: Funnel; label: string; providerHref?: (agb: string) => string }) {
  const { t, pick, language, number } = useI18n();
  const points = shownPoints(funnel);
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const pointRefs = useRef<(SVGGElement | null)[]>([]);
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap, 720);
  const ids = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const clipId = `funnel-clip-${ids}`;
  const hintId = `funnel-hint-${ids}`;

  // A new funnel (another indicator or period): start again at the first point.
  useEffect(() => setActive(0), [funnel]);
  const current = points[Math.min(active, points.length - 1)];

  const height = Math.round(Math.min(460, Math.max(300, width * 0.58)));
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  const { x, y } = scales(funnel, points, plot);
  const unitKey: MessageKey = funnel.definition.unit === 'measurements' ? 'funnel.axis.x.measurements' : 'funnel.axis.x.trajectories';
  const curve = funnel.curve.filter((c) => c.n >= 1);
  const limitPath = (key: 'lower95' | 'upper95' | 'lower998' | 'upper998') =>
    curve.map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.n).toFixed(1)},${y(c[key]).toFixed(1)}`).join('');

  const move = (event: KeyboardEvent<SVGGElement>, index: number) => {
    const last = points.length - 1;
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowUp'
        ? Math.min(last, index + 1)
        : event.key === 'ArrowLeft' || event.key === 'ArrowDown'
          ? Math.max(0, index - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (next !== undefined) {
      event.preventDefault();
      setActive(next);
      pointRefs.current[next]?.focus();
    } else if (event.key === 'Enter' && providerHref && points[index].provider) {
      event.preventDefault();
      navigate(providerHref(points[index].provider!.agb));
    }
  };

  return (
    <div className="funnel-plot">
      {funnel.peer.p0 === null && (
        <Notice tone="warning">
          {funnel.peer.reason === 'complementary' || funnel.peer.reason === 'small_n' || funnel.peer.reason === 'linkage' || funnel.peer.reason === 'period_open'
            ? t(`compare.suppressed.reason.${funnel.peer.reason}`, { minN: funnel.minN })
            : t('funnel.tooFewProviders')}
        </Notice>
      )}
      {funnel.overdispersion?.overdispersed ? (
        <Notice tone="warning" className="funnel-plot__overdispersion">
          {t('funnel.overdispersed', {
            phi: formatDecimal(funnel.overdispersion.phi, language, 2),
            tau: formatDecimal(Math.sqrt(funnel.overdispersion.tau2) * 100, language, 1),
          })}
        </Notice>
      ) : (
        funnel.overdispersion && <Paragraph className="muted funnel-plot__overdispersion">{t('funnel.notOverdispersed')}</Paragraph>
      )}
      <div className="funnel-plot__layout">
        <div className="funnel-plot__chart" ref={wrap}>
          <svg
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            role="group"
            aria-label={label}
            aria-describedby={hintId}
            className="funnel-plot__svg"
          >
            <defs>
              <clipPath id={clipId}>
                <rect x={plot.left} y={plot.top} width={plot.right - plot.left} height={plot.bottom - plot.top} />
              </clipPath>
            </defs>
            <g aria-hidden="true">
              {y.ticks.map((tick) => (
                <g key={`y${tick}`}>
                  <line className="funnel-plot__grid" x1={plot.left} x2={plot.right} y1={y(tick)} y2={y(tick)} />
                  <text className="funnel-plot__tick" x={plot.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                    {formatPercent(tick, language, tickDigits(y.ticks))}
                  </text>
                </g>
              ))}
              {x.ticks.map((tick) => (
                <g key={`x${tick}`}>
                  <line className="funnel-plot__tick-mark" x1={x(tick)} x2={x(tick)} y1={plot.bottom} y2={plot.bottom + 5} />
                  <text className="funnel-plot__tick" x={x(tick)} y={plot.bottom + 20} textAnchor="middle">
                    {number(tick)}
                  </text>
                </g>
              ))}
              <line className="funnel-plot__axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
              <line className="funnel-plot__axis" x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
              <text className="funnel-plot__axis-label" x={(plot.left + plot.right) / 2} y={height - 12} textAnchor="middle">
                {t(unitKey)}
              </text>
              <text className="funnel-plot__axis-label" transform={`translate(16 ${(plot.top + plot.bottom) / 2}) rotate(-90)`} textAnchor="middle">
                {t('funnel.axis.y', { indicator: pick(funnel.definition.name) })}
              </text>
              <g clipPath={`url(#${clipId})`}>
                {curve.length > 0 && (
                  <>
                    <path className="funnel-plot__limit funnel-plot__limit--998" d={limitPath('upper998')} />
                    <path className="funnel-plot__limit funnel-plot__limit--998" d={limitPath('lower998')} />
                    <path className="funnel-plot__limit funnel-plot__limit--95" d={limitPath('upper95')} />
                    <path className="funnel-plot__limit funnel-plot__limit--95" d={limitPath('lower95')} />
                  </>
                )}
                {funnel.peer.p0 !== null && <line className="funnel-plot__peer" x1={plot.left} x2={plot.right} y1={y(funnel.peer.p0)} y2={y(funnel.peer.p0)} />}
                {current?.interval && (
                  <line className="funnel-plot__whisker" x1={x(current.n)} x2={x(current.n)} y1={y(current.interval.lower)} y2={y(current.interval.upper)} />
                )}
              </g>
            </g>
            <g className="funnel-plot__points">
              {points.map((point, index) => (
                <g
                  key={point.provider?.agb ?? `peer-${index}`}
                  ref={(element) => {
                    pointRefs.current[index] = element;
                  }}
                  className={`funnel-plot__point${index === active ? ' funnel-plot__point--active' : ''}`}
                  transform={`translate(${x(point.n).toFixed(1)} ${y(point.value).toFixed(1)})`}
                  tabIndex={index === active ? 0 : -1}
                  role="img"
                  aria-label={pointLabel(point, funnel, t, language)}
                  onFocus={() => {
                    setActive(index);
                    setFocused(true);
                  }}
                  onBlur={() => setFocused(false)}
                  onKeyDown={(event) => move(event, index)}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => pointRefs.current[index]?.focus()}
                >
                  {index === active && focused && (
                    <>
                      <circle r={14} className="funnel-plot__focus-outer" />
                      <circle r={11} className="funnel-plot__focus" />
                    </>
                  )}
                  {index === active && !focused && <circle r={10} className="funnel-plot__hover" />}
                  <Marker point={point} />
                </g>
              ))}
            </g>
          </svg>
          <Paragraph id={hintId} className="funnel-plot__hint">
            {t('funnel.keyboardHint')}
          </Paragraph>
        </div>
        <aside className="funnel-plot__panel" aria-label={t('funnel.panel.label')}>
          {current ? (
            <PointDetails point={current} funnel={funnel} providerHref={providerHref} />
          ) : (
            <Paragraph>{t('funnel.noPoints')}</Paragraph>
          )}
        </aside>
      </div>
      <FunnelLegend funnel={funnel} />
    </div>
  );
}

function Marker({ point }: { point: ShownPoint }) {
  const flag = point.position?.flag;
  if (flag === 'above') return <path className="funnel-plot__marker funnel-plot__marker--flag" d="M0,-8 L7.5,5.5 L-7.5,5.5 Z" />;
  if (flag === 'below') return <path className="funnel-plot__marker funnel-plot__marker--flag" d="M0,8 L7.5,-5.5 L-7.5,-5.5 Z" />;
  if (point.own) return <rect className="funnel-plot__marker funnel-plot__marker--own" x={-6} y={-6} width={12} height={12} />;
  return <circle className="funnel-plot__marker" r={5.5} />;
}

function PointDetails({ point, funnel, providerHref }: { point: ShownPoint; funnel: Funnel; providerHref?: (agb: string) => string }) {
  const { t, language, number } = useI18n();
  const unit = t(funnel.definition.unit === 'measurements' ? 'funnel.unit.measurements' : 'funnel.unit.trajectories');
  return (
    <>
      <Heading level={3} className="funnel-plot__panel-title">{point.provider?.name ?? t(point.own ? 'funnel.own' : 'funnel.anonymous')}</Heading>
      <DataList className="funnel-plot__facts">
        <DataListItem>
          <DataListKey>{t('funnel.col.value')}</DataListKey>
          <DataListValue>{formatPercent(point.value, language)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('funnel.panel.count')}</DataListKey>
          <DataListValue>{t('funnel.panel.xOfN', { x: number(point.x), n: number(point.n), unit })}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('funnel.col.interval')}</DataListKey>
          <DataListValue>{point.interval ? formatInterval(point.interval, language) : '—'}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('funnel.col.position')}</DataListKey>
          <DataListValue>
            {point.position?.flag && (
              <span className={`cm-flag cm-flag--${point.position.flag}`} aria-hidden="true">
                {point.position.flag === 'above' ? '▲ ' : '▼ '}
              </span>
            )}
            {positionText(point.position, funnel, t, true)}
          </DataListValue>
        </DataListItem>
      </DataList>
      {point.provider && providerHref && (
        <Paragraph className="funnel-plot__panel-link">
          <Link to={providerHref(point.provider.agb)}>{t('funnel.panel.open', { name: point.provider.name })}</Link>
        </Paragraph>
      )}
    </>
  );
}

function FunnelLegend({ funnel }: { funnel: Funnel }) {
  const { t, language, number } = useI18n();
  return (
    <ul className="funnel-plot__legend">
      <li>
        <svg width="18" height="18" aria-hidden="true">
          <circle className="funnel-plot__marker" cx="9" cy="9" r="5.5" />
        </svg>
        {t('funnel.legend.point')}
      </li>
      <li>
        <svg width="34" height="18" aria-hidden="true">
          <path className="funnel-plot__marker funnel-plot__marker--flag" d="M9,1 L16.5,14.5 L1.5,14.5 Z" />
          <path className="funnel-plot__marker funnel-plot__marker--flag" d="M25,17 L32.5,3.5 L17.5,3.5 Z" />
        </svg>
        {t('funnel.legend.flag', { flagMinN: number(funnel.flagMinN) })}
      </li>
      {funnel.peer.p0 !== null && (
        <li>
          <svg width="34" height="18" aria-hidden="true">
            <line className="funnel-plot__peer" x1="1" x2="33" y1="9" y2="9" />
          </svg>
          {t('funnel.legend.peer', { p0: formatPercent(funnel.peer.p0, language), providers: number(funnel.peer.providers ?? 0) })}
        </li>
      )}
      {funnel.curve.length > 0 && (
        <>
          <li>
            <svg width="34" height="18" aria-hidden="true">
              <line className="funnel-plot__limit funnel-plot__limit--95" x1="1" x2="33" y1="9" y2="9" />
            </svg>
            {t('funnel.legend.limit95')}
          </li>
          <li>
            <svg width="34" height="18" aria-hidden="true">
              <line className="funnel-plot__limit funnel-plot__limit--998" x1="1" x2="33" y1="9" y2="9" />
            </svg>
            {t('funnel.legend.limit998')}
          </li>
        </>
      )}
    </ul>
  );
}

function pointLabel(point: ShownPoint, funnel: Funnel, t: T, language: Language): string {
  const name = point.provider?.name ?? t(point.own ? 'funnel.own' : 'funnel.anonymous');
  const unit = t(funnel.definition.unit === 'measurements' ? 'funnel.unit.measurements' : 'funnel.unit.trajectories');
  return t('funnel.point.label', {
    name,
    value: formatPercent(point.value, language),
    x: point.x,
    n: point.n,
    unit,
    interval: point.interval ? formatInterval(point.interval, language) : '—',
    position: positionText(point.position, funnel, t, true),
  });
}

/**
 * x from 0 to a round number past the largest n; y wide enough for every point and for the limits
 * from the smallest drawn n on (the limits at n = 1 span almost 0-100% and would flatten the rest).
 */
function scales(funnel: Funnel, points: ShownPoint[], plot: { left: number; right: number; top: number; bottom: number }) {
  const maxN = Math.max(10, ...points.map((p) => p.n), ...funnel.curve.map((c) => c.n));
  const xStep = niceStep(maxN, 6);
  const x = linear(0, Math.ceil((maxN * 1.02) / xStep) * xStep, plot.left, plot.right, Math.max(3, Math.floor((plot.right - plot.left) / 90)));
  const smallestN = Math.min(funnel.minN, ...points.map((p) => p.n));
  const values = [
    ...points.map((p) => p.value),
    ...(funnel.peer.p0 === null ? [] : [funnel.peer.p0]),
    ...funnel.curve.filter((c) => c.n >= smallestN).flatMap((c) => [c.lower998, c.upper998]),
  ];
  let low = Math.min(...values, 1);
  let high = Math.max(...values, 0);
  const pad = Math.max(0.02, (high - low) * 0.06);
  low = Math.max(0, low - pad);
  high = Math.min(1, high + pad);
  const yStep = niceStep(high - low, 6);
  low = Math.max(0, Math.floor(low / yStep) * yStep);
  high = Math.min(1, Math.ceil(high / yStep) * yStep);
  return { x, y: linear(low, high, plot.bottom, plot.top, 6) };
}

/** Whole percents when the ticks are whole percents, else one decimal. */
function tickDigits(ticks: number[]): number {
  return ticks.every((tick) => Math.abs(tick * 100 - Math.round(tick * 100)) < 1e-6) ? 0 : 1;
}

/** The element's width in CSS pixels, followed as the window (or zoom) changes, so text stays its real size. */
function useWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(260, Math.floor(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
