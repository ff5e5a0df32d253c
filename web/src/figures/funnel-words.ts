/** Which funnel points are drawn, and where a point lies, in words: shared by the plot and its table. */
import type { MessageKey } from '../messages';
import type { Funnel, FunnelPosition, ShownPoint } from './indicators';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Shown points in keyboard order: left to right (by n), then bottom to top. */
export function shownPoints(funnel: Funnel): ShownPoint[] {
  return funnel.points.filter((point): point is ShownPoint => !point.suppressed).sort((a, b) => a.n - b.n || a.value - b.value);
}

/**
 * In words, without judgement: where the point lies. `withNote` adds that a flag prompts a
 * conversation, not a verdict (where the page does not already say so beside it).
 */
export function positionText(
  position: FunnelPosition | null | undefined,
  funnel: Pick<Funnel, 'flagMinN'>,
  t: T,
  withNote = false,
): string {
  if (!position) return t('funnel.position.none');
  const side = position.side === 'below' ? 'below' : 'above';
  if (position.flag) return `${t(`funnel.position.flag.${position.flag}`)}${withNote ? ` ${t('funnel.position.flagNote')}` : ''}`;
  if (position.position === 'outside998') return t(`funnel.position.outside998.${side}`, { flagMinN: funnel.flagMinN });
  if (position.position === 'outside95') return t(`funnel.position.outside95.${side}`);
  return t('funnel.position.inside');
}
