/**
 * The frozen figures of a dialogue in words, shared by the workspace and the printed brief:
 * value with n and interval, the peer figure, where the provider lies in the funnel (a flag is a
 * bespreekpunt — a point for the conversation, never a verdict), O/E, trend and the change since
 * the previous dialogue. Each comes as a short main value and lines of detail under it, so a
 * table column stays narrow. Pure: the caller passes `t` and the language.
 */
import type { Language } from '../../messages';
import type { MessageKey } from '../../i18n';
import { formatDecimal, formatInterval, formatPercent } from '../../figures/format';
import type { Figure } from '../../figures/indicators';
import type { SnapshotIndicator } from './model';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A range that does not break at its dash in a narrow column ("20,3–39,0%" stays on one line). */
function unbroken(range: string): string {
  return range.replace(/–/g, '\u2060–\u2060').replace(/ /g, '\u00a0');
}

/** One table cell: "28,7%" with ["25 van 87", "95%: 20,3–39,0%"] under it. */
export interface Words {
  value: string;
  detail: string[];
  /** Hidden by the small-number rules (SPEC §4.3). */
  suppressed?: boolean;
}

export function figureWords(figure: Figure, minN: number, t: T, language: Language): Words {
  if (figure.suppressed) {
    const reason = figure.reason ?? 'small_n';
    return {
      value: reason === 'small_n' ? `< ${minN}` : t('dialogue.fig.hidden'),
      detail: [t(`dialogue.fig.suppressed.${reason}`, { minN })],
      suppressed: true,
    };
  }
  // "Geen nieuwe start" while every trajectory ended less than 182 days before the region's latest data.
  if (figure.n === 0 && figure.tooRecent !== undefined && figure.tooRecent > 0)
    return { value: t('compare.tooRecent'), detail: [t('compare.tooRecent.text', { count: figure.tooRecent })] };
  if (figure.value === null || figure.n === 0) return { value: '—', detail: [t('dialogue.fig.noData')] };
  const detail = [t('dialogue.fig.count', { x: figure.x, n: figure.n })];
  if (figure.interval) detail.push(t('dialogue.fig.interval', { interval: unbroken(formatInterval(figure.interval, language)) }));
  if (typeof figure.meanGrade === 'number')
    detail.push(t('dialogue.fig.meanGrade', { grade: formatDecimal(figure.meanGrade, language, 1) }));
  return { value: formatPercent(figure.value, language), detail };
}

/** Where the provider lies against the peer limits, short, for a table cell. */
export function positionWords(indicator: SnapshotIndicator, flagMinN: number | null, t: T): Words {
  const position = indicator.funnel.position;
  if (!position || indicator.funnel.suppressed) return { value: '—', detail: [t('dialogue.position.none')] };
  const side = position.side === 'below' ? 'below' : 'above';
  if (position.flag)
    return {
      value: t('dialogue.position.flag'),
      detail: [t(`dialogue.position.side998.${position.flag}`), t('dialogue.position.flagNote')],
    };
  if (position.position === 'outside998')
    return { value: t(`dialogue.position.side998.${side}`), detail: [t('dialogue.position.noFlagSmallN', { flagMinN: flagMinN ?? 0 })] };
  if (position.position === 'outside95') return { value: t(`dialogue.position.side95.${side}`), detail: [t('dialogue.position.noFlag')] };
  return { value: t('dialogue.position.inside'), detail: [] };
}

/** The same as one sentence, for headings in the brief and for screen readers. */
export function positionText(indicator: SnapshotIndicator, flagMinN: number | null, t: T): string {
  const words = positionWords(indicator, flagMinN, t);
  return [words.value, ...words.detail].filter((part) => part !== '—').join(' — ');
}

export function casemixWords(indicator: SnapshotIndicator, t: T, language: Language): Words {
  const casemix = indicator.casemix;
  if (!casemix) return { value: '—', detail: [t('dialogue.casemix.none')] };
  if (casemix.suppressed || casemix.ratio === undefined)
    return { value: '—', detail: [t(`dialogue.casemix.${casemix.reason ?? 'small_n'}`)] };
  const range =
    casemix.lower !== undefined && casemix.upper !== undefined
      ? [t('dialogue.range95', { lower: formatDecimal(casemix.lower, language), upper: formatDecimal(casemix.upper, language) })]
      : [];
  return { value: formatDecimal(casemix.ratio, language), detail: range };
}

/** Percentage points with a sign: +3,2 / −1,0. */
function points(value: number, language: Language): string {
  const text = formatDecimal(Math.abs(value) * 100, language, 1);
  return `${value < 0 ? '−' : value > 0 ? '+' : '±'}${text}`;
}

export function trendWords(indicator: SnapshotIndicator, t: T, language: Language): Words {
  const fit = indicator.trend.fit;
  if (!fit) return { value: '—', detail: [t('dialogue.trend.none')] };
  return {
    value: t(`dialogue.trend.${fit.direction}`),
    detail: [t('dialogue.trend.detail', { slope: points(fit.slope, language), periods: fit.periods.length })],
  };
}

/**
 * The change since the previous dialogue with the provider. Only the same indicator in the same
 * category is compared: a category the previous dialogue did not cover has nothing to compare with.
 */
export function changeWords(indicator: SnapshotIndicator, previous: { period: string } | null, t: T, language: Language): Words {
  const since = indicator.sincePrevious;
  if (!since)
    return {
      value: '—',
      detail: [previous ? t('dialogue.change.notInPrevious', { period: previous.period }) : t('dialogue.change.first')],
    };
  if (!since.change) return { value: '—', detail: [t('dialogue.change.unknown', { period: since.period })] };
  return {
    value: t('dialogue.change.value', { difference: points(since.change.difference, language) }),
    detail: [
      t('dialogue.change.since', { period: since.period }),
      t('dialogue.range95', { lower: points(since.change.lower, language), upper: points(since.change.upper, language) }),
    ],
  };
}
