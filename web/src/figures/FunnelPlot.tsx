/**
 * The one funnel plot of the portal (SPEC §3, Spiegelhalter 2005) as accessible SVG: proportion
 * against n, the peer proportion p0, and the 95% and 99.8% control limits. Three modes:
 * - `region`: every provider by name (contract manager); Enter on a point opens the provider.
 * - `provider`: the provider's own view; its point is highlighted and named, peers are anonymous
 *   and never called a bespreekpunt (they are not this provider's dialogue).
 * - `snapshot`: one indicator as frozen in a dialogue's snapshot; only the provider's point, with
 *   the curve computed from the frozen p0 and limits (schemas/stats); scales with its box for A4.
 * Points are one tab stop; the arrow keys move between them (in order of n), and the focused or
 * hovered point's numbers show in the panel beside the chart and are its aria-label. A flag
 * (bespreekpunt) is marked by shape as well as colour. The same data as a table: FunnelTable.tsx
 * (region), the provider's FunnelSection, the dialogue's FiguresTable.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { curveNs, funnelCurveAt, tau2FromLimits } from '../../../schemas/stats/index.ts';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { Link, navigate } from '../router';
import { formatDecimal, formatInterval, formatPercent } from './format';
import type { Funnel, FunnelPosition, ShownPoint } from './indicators';
import { DataList, DataListItem, DataListKey, DataListValue } from '../components/DataList';
import { Notice } from '../components/Notice';
import { linear, niceStep, tickDigits } from './scale';
import { positionText, shownPoints } from './funnel-words';

type T = ReturnType<typeof useI18n>['t'];
type Language = ReturnType<typeof useI18n>['language'];
type SnapshotIndicator = components['schemas']['SnapshotIndicator'];
type CurvePoint = Pick<Funnel['curve'][number], 'n' | 'lower95' | 'upper95' | 'lower998' | 'upper998'>;
type Unit = 'trajectories' | 'measurements';

export type FunnelPlotProps =
  | { mode: 'region'; funnel: Funnel; label: string; providerHref?: (agb: string) => string }
  | { mode: 'provider'; funnel: Funnel; label: string }
  | { mode: 'snapshot'; indicator: SnapshotIndicator; label: string; name: string; unit: Unit };

/** What every mode draws, however its limits were obtained. */
interface Model {
  points: ShownPoint[]; // keyboard order: by n, then by value
  p0: number | null;
  curve: CurvePoint[];
  unit: Unit;
  indicatorName: string;
  /** What the own point is called: the provider's own view says "your organisation". */
  ownName: MessageKey;
  flagMinN: number;
  /** x runs from 0 to at least this n. */
  xTo: number;
  /** The y range follows the 99.8% limits from this n on (lower n would flatten the rest). */
  yFromN: number;
}

const margin = { top: 16, right: 20, bottom: 58, left: 70 };
const snapshotSize = { width: 640, height: 300 };

export function FunnelPlot(props: FunnelPlotProps) {
  const { t, pick } = useI18n();
  if (props.mode === 'snapshot') {
    const model = snapshotModel(props.indicator, props.name, props.unit);
    return model && <Chart props={props} model={model} />;
  }
  const { funnel } = props;
  const points = shownPoints(funnel).map((point) =>
    // In the provider's view only its own point can be a bespreekpunt.
    props.mode === 'provider' && !point.own && point.position ? { ...point, position: { ...point.position, flag: null } } : point,
  );
  const model: Model = {
    points,
    p0: funnel.peer.p0,
    curve: funnel.curve.filter((c) => c.n >= 1),
    unit: funnel.definition.unit === 'measurements' ? 'measurements' : 'trajectories',
    indicatorName: pick(funnel.definition.name),
    ownName: 'funnel.own',
    flagMinN: funnel.flagMinN,
    xTo: Math.max(10, ...points.map((p) => p.n), ...(props.mode === 'region' ? funnel.curve.map((c) => c.n) : [])),
    yFromN: Math.min(funnel.minN, ...points.map((p) => p.n)),
  };
  return (
    <div className="funnel-plot">
      {props.mode === 'region' && funnel.peer.p0 === null && (
        <Notice tone="warning">
          {funnel.peer.reason === 'complementary' ||
          funnel.peer.reason === 'small_n' ||
          funnel.peer.reason === 'linkage' ||
          funnel.peer.reason === 'period_open'
            ? t(`compare.suppressed.reason.${funnel.peer.reason}`, { minN: funnel.minN })
            : t('funnel.tooFewProviders')}
        </Notice>
      )}
      <Chart props={props} model={model} />
      <Overdispersion funnel={funnel} />
    </div>
  );
}

function Overdispersion({ funnel }: { funnel: Funnel }) {
  const { t, language } = useI18n();
  if (!funnel.overdispersion) return null;
  if (!funnel.overdispersion.overdispersed)
    return <Paragraph className="muted funnel-plot__note">{t('funnel.notOverdispersed')}</Paragraph>;
  return (
    <Notice tone="warning" className="funnel-plot__note">
      {t('funnel.overdispersed', {
        phi: formatDecimal(funnel.overdispersion.phi, language, 2),
        tau: formatDecimal(Math.sqrt(funnel.overdispersion.tau2) * 100, language, 1),
      })}
    </Notice>
  );
}

/** The snapshot holds the provider's point and the limits at its n; the curve is computed from them. */
function snapshotModel(indicator: SnapshotIndicator, name: string, unit: Unit): Model | null {
  const { figure, funnel } = indicator;
  if (figure.suppressed || figure.value === null || figure.n === 0 || funnel.p0 === null || !funnel.limits) return null;
  const n = figure.n;
  const xStep = niceStep(Math.max(n * 1.5, 20), 6);
  const xTo = Math.ceil(Math.max(n * 1.5, 20) / xStep) * xStep;
  const tau2 = funnel.limits.method === 'random-effects' ? tau2FromLimits(funnel.p0, n, funnel.limits) : 0;
  const point: ShownPoint = {
    provider: null,
    own: true,
    suppressed: false,
    x: figure.x,
    n,
    value: figure.value,
    interval: figure.interval,
    position: funnel.position as FunnelPosition | null,
  };
  return {
    points: [point],
    p0: funnel.p0,
    curve: funnelCurveAt(funnel.p0, curveNs(Math.max(2, xTo / 40), xTo), funnel.limits.method, tau2),
    unit,
    indicatorName: name,
    ownName: 'dialogue.funnel.legend.point',
    flagMinN: 0,
    xTo,
    yFromN: n / 4,
  };
}

function Chart({ props, model }: { props: FunnelPlotProps; model: Model }) {
  const { t, language, number } = useI18n();
  const { points, p0, curve } = model;
  const mode = props.mode;
  const providerHref = props.mode === 'region' ? props.providerHref : undefined;
  const ownIndex = Math.max(
    0,
    points.findIndex((point) => point.own),
  );
  const [active, setActive] = useState(ownIndex);
  const [focused, setFocused] = useState(false);
  const pointRefs = useRef<(SVGGElement | null)[]>([]);
  const wrap = useRef<HTMLDivElement>(null);
  const measured = useWidth(wrap, 720);
  const ids = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const clipId = `funnel-clip-${ids}`;
  const hintId = `funnel-hint-${ids}`;

  // A new funnel (another indicator or period): start again at the own point, or the first.
  const source = props.mode === 'snapshot' ? props.indicator : props.funnel;
  // Reset during render when the funnel changes (React's pattern for state derived from props).
  const [activeFor, setActiveFor] = useState(source);
  if (activeFor !== source) {
    setActiveFor(source);
    setActive(ownIndex);
  }
  const current = points[Math.min(active, points.length - 1)];

  const width = mode === 'snapshot' ? snapshotSize.width : measured;
  const height = mode === 'snapshot' ? snapshotSize.height : Math.round(Math.min(460, Math.max(300, width * 0.58)));
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  const { x, y } = scales(model, plot);
  const limitPath = (key: 'lower95' | 'upper95' | 'lower998' | 'upper998') =>
    curve.map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.n).toFixed(1)},${y(c[key]).toFixed(1)}`).join('');
  const hint = mode === 'region' && points.length > 1;

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

  const svg = (
    <svg
      {...(mode === 'snapshot' ? {} : { width, height })}
      viewBox={`0 0 ${width} ${height}`}
      role="group"
      aria-label={props.label}
      aria-describedby={hint ? hintId : undefined}
      className={`funnel-plot__svg funnel-plot__svg--${mode}`}
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
          {t(model.unit === 'measurements' ? 'funnel.axis.x.measurements' : 'funnel.axis.x.trajectories')}
        </text>
        <text
          className="funnel-plot__axis-label"
          transform={`translate(16 ${(plot.top + plot.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {t('funnel.axis.y', { indicator: model.indicatorName })}
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
          {p0 !== null && <line className="funnel-plot__peer" x1={plot.left} x2={plot.right} y1={y(p0)} y2={y(p0)} />}
          {current?.interval && (
            <line
              className="funnel-plot__whisker"
              x1={x(current.n)}
              x2={x(current.n)}
              y1={y(current.interval.lower)}
              y2={y(current.interval.upper)}
            />
          )}
        </g>
      </g>
      <g className="funnel-plot__points">
        {points.map((point, index) => (
          <g
            key={point.provider?.agb ?? `point-${index}`}
            ref={(element) => {
              pointRefs.current[index] = element;
            }}
            className={`funnel-plot__point${point.own ? ' funnel-plot__point--own' : ''}${index === active ? ' funnel-plot__point--active' : ''}`}
            transform={`translate(${x(point.n).toFixed(1)} ${y(point.value).toFixed(1)})`}
            tabIndex={index === active ? 0 : -1}
            role="img"
            aria-label={pointLabel(point, model, t, language)}
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
            {index === active && !focused && mode !== 'snapshot' && <circle r={10} className="funnel-plot__hover" />}
            <Marker point={point} />
            {point.own && mode === 'provider' && (
              <text className="funnel-plot__own-label" x={14} dy="0.32em" aria-hidden="true">
                {t('provider.funnel.own.short')}
              </text>
            )}
          </g>
        ))}
      </g>
    </svg>
  );

  if (mode === 'snapshot') {
    const own = points[0];
    const limits = props.indicator.funnel.limits!;
    return (
      <figure className="funnel-plot funnel-plot--snapshot">
        <div className="funnel-plot__chart" ref={wrap}>
          {svg}
        </div>
        <figcaption>
          <FunnelLegend model={model} mode={mode} />
          <Paragraph className="funnel-plot__note">
            {t('dialogue.funnel.summary', {
              value: formatPercent(own.value, language),
              n: number(own.n),
              p0: formatPercent(p0!, language),
              limits95: formatInterval({ lower: limits.lower95, upper: limits.upper95 }, language),
              limits998: formatInterval({ lower: limits.lower998, upper: limits.upper998 }, language),
            })}
            {limits.method === 'random-effects' && ` ${t('dialogue.funnel.randomEffects')}`}
          </Paragraph>
        </figcaption>
      </figure>
    );
  }

  return (
    <>
      <div className="funnel-plot__layout">
        <div className="funnel-plot__chart" ref={wrap}>
          {svg}
          {hint && (
            <Paragraph id={hintId} className="funnel-plot__hint">
              {t('funnel.keyboardHint')}
            </Paragraph>
          )}
        </div>
        <aside className="funnel-plot__panel" aria-label={t('funnel.panel.label')}>
          {current ? (
            <PointDetails point={current} model={model} providerHref={providerHref} />
          ) : (
            <Paragraph>{t('funnel.noPoints')}</Paragraph>
          )}
        </aside>
      </div>
      <FunnelLegend model={model} mode={mode} peerProviders={props.funnel.peer.providers ?? 0} />
    </>
  );
}

function Marker({ point }: { point: ShownPoint }) {
  const flag = point.position?.flag;
  const own = point.own ? ' funnel-plot__marker--own' : '';
  if (flag === 'above') return <path className={`funnel-plot__marker funnel-plot__marker--flag${own}`} d="M0,-8 L7.5,5.5 L-7.5,5.5 Z" />;
  if (flag === 'below') return <path className={`funnel-plot__marker funnel-plot__marker--flag${own}`} d="M0,8 L7.5,-5.5 L-7.5,-5.5 Z" />;
  if (point.own) return <rect className="funnel-plot__marker funnel-plot__marker--own" x={-6} y={-6} width={12} height={12} />;
  return <circle className="funnel-plot__marker" r={5.5} />;
}

function pointName(point: ShownPoint, model: Model, t: T): string {
  return point.own ? t(model.ownName) : (point.provider?.name ?? t('funnel.anonymous'));
}

function unitWord(model: Model, t: T): string {
  return t(model.unit === 'measurements' ? 'funnel.unit.measurements' : 'funnel.unit.trajectories');
}

function PointDetails({ point, model, providerHref }: { point: ShownPoint; model: Model; providerHref?: (agb: string) => string }) {
  const { t, language, number } = useI18n();
  return (
    <>
      <Heading level={3} className="funnel-plot__panel-title">
        {pointName(point, model, t)}
      </Heading>
      <DataList className="funnel-plot__facts">
        <DataListItem>
          <DataListKey>{t('funnel.col.value')}</DataListKey>
          <DataListValue>{formatPercent(point.value, language)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('funnel.panel.count')}</DataListKey>
          <DataListValue>{t('funnel.panel.xOfN', { x: number(point.x), n: number(point.n), unit: unitWord(model, t) })}</DataListValue>
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
            {positionText(point.position, model, t, true)}
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

function FunnelLegend({ model, mode, peerProviders }: { model: Model; mode: FunnelPlotProps['mode']; peerProviders?: number }) {
  const { t, language, number } = useI18n();
  const hasOwn = model.points.some((point) => point.own);
  const hasOthers = model.points.some((point) => !point.own);
  const flagged = model.points.some((point) => point.position?.flag);
  return (
    <ul className="funnel-plot__legend">
      {hasOwn && (
        <li>
          <svg width="18" height="18" aria-hidden="true">
            <rect className="funnel-plot__marker funnel-plot__marker--own" x="3" y="3" width="12" height="12" />
          </svg>
          {t(model.ownName)}
        </li>
      )}
      {hasOthers && (
        <li>
          <svg width="18" height="18" aria-hidden="true">
            <circle className="funnel-plot__marker" cx="9" cy="9" r="5.5" />
          </svg>
          {t(mode === 'provider' ? 'provider.funnel.legend.peer' : 'funnel.legend.point')}
        </li>
      )}
      {(mode === 'region' || flagged) && (
        <li>
          <svg width="34" height="18" aria-hidden="true">
            <path className="funnel-plot__marker funnel-plot__marker--flag" d="M9,1 L16.5,14.5 L1.5,14.5 Z" />
            <path className="funnel-plot__marker funnel-plot__marker--flag" d="M25,17 L32.5,3.5 L17.5,3.5 Z" />
          </svg>
          {mode === 'snapshot' ? t('dialogue.funnel.legend.flag') : t('funnel.legend.flag', { flagMinN: number(model.flagMinN) })}
        </li>
      )}
      {model.p0 !== null && (
        <li>
          <svg width="34" height="18" aria-hidden="true">
            <line className="funnel-plot__peer" x1="1" x2="33" y1="9" y2="9" />
          </svg>
          {mode === 'snapshot'
            ? t('dialogue.funnel.legend.peer')
            : t('funnel.legend.peer', { p0: formatPercent(model.p0, language), providers: number(peerProviders ?? 0) })}
        </li>
      )}
      {model.curve.length > 0 && (
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

function pointLabel(point: ShownPoint, model: Model, t: T, language: Language): string {
  return t('funnel.point.label', {
    name: pointName(point, model, t),
    value: formatPercent(point.value, language),
    x: point.x,
    n: point.n,
    unit: unitWord(model, t),
    interval: point.interval ? formatInterval(point.interval, language) : '—',
    position: positionText(point.position, model, t, true),
  });
}

/**
 * x from 0 to a round number past the largest n; y wide enough for every point and for the limits
 * from `yFromN` on (the limits at n = 1 span almost 0-100% and would flatten the rest).
 */
function scales(model: Model, plot: { left: number; right: number; top: number; bottom: number }) {
  const xStep = niceStep(model.xTo, 6);
  const x = linear(
    0,
    Math.ceil((model.xTo * 1.02) / xStep) * xStep,
    plot.left,
    plot.right,
    Math.max(3, Math.floor((plot.right - plot.left) / 90)),
  );
  const values = [
    ...model.points.flatMap((p) => [p.value, ...(p.own && p.interval ? [p.interval.lower, p.interval.upper] : [])]),
    ...(model.p0 === null ? [] : [model.p0]),
    ...model.curve.filter((c) => c.n >= model.yFromN && c.n <= model.xTo * 1.1).flatMap((c) => [c.lower998, c.upper998]),
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
