/**
 * The frozen figures of one product category: per indicator the provider's value with n and
 * interval, the peer figure, the funnel position (a bespreekpunt is a point for the conversation,
 * not a verdict), O/E after case-mix adjustment, trend, the change since the previous dialogue,
 * and the provider's duiding beside it. Used by the workspace and, in print, by the brief.
 */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { formatPercent } from '../compare/figures';
import type { Labels } from './labels';
import type { Snapshot, SnapshotCategory, SnapshotIndicator } from './model';
import { casemixWords, changeWords, figureWords, positionWords, trendWords, type Words } from './snapshot-words';
import { TableScroll } from '../../components/TableScroll';

export function FiguresTable({
  snapshot,
  category,
  labels,
  explanation,
  explanationHeading,
}: {
  snapshot: Snapshot;
  category: SnapshotCategory;
  labels: Labels;
  /** The duiding cell of an indicator: text to read, or a field to write in; none: no column. */
  explanation?: (indicator: SnapshotIndicator) => ReactNode;
  explanationHeading?: string;
}) {
  const { t, language } = useI18n();
  const quality = snapshot.dataQuality;
  const lowResponse = quality?.lowResponse ?? false;
  const lowResponseText = quality
    ? t('dialogue.fig.lowResponse', { rate: quality.responseRate === null ? '—' : formatPercent(quality.responseRate, language, 0), threshold: formatPercent(quality.lowResponseRate, language, 0) })
    : undefined;
  return (
    <TableScroll>
      <table className="data-table figures-table">
        <caption className="visually-hidden">{t('dialogue.figures.caption', { category: labels.category(category.productCategory), period: snapshot.period })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dialogue.figures.col.indicator')}</th>
            <th scope="col">{t('dialogue.figures.col.provider')}</th>
            <th scope="col">{t('dialogue.figures.col.region')}</th>
            <th scope="col">{t('dialogue.figures.col.position')}</th>
            <th scope="col">{t('dialogue.figures.col.casemix')}</th>
            <th scope="col">{t('dialogue.figures.col.trend')}</th>
            <th scope="col">{t('dialogue.figures.col.change')}</th>
            {explanation && <th scope="col">{explanationHeading}</th>}
          </tr>
        </thead>
        <tbody>
          {category.indicators.map((indicator) => {
            const own = figureWords(indicator.figure, snapshot.minN, t, language);
            const region = figureWords(indicator.region, snapshot.minN, t, language);
            const flag = indicator.funnel.position?.flag ?? null;
            const greyed = lowResponse && labels.definition(indicator.indicator)?.unit === 'measurements';
            return (
              <tr key={indicator.indicator} className={flag ? 'row--flag' : undefined}>
                <th scope="row">{labels.indicator(indicator.indicator)}</th>
                <WordsCell words={own} className={greyed ? 'cell--low-response' : undefined} extra={greyed ? lowResponseText : undefined} strong />
                <WordsCell words={region} strong />
                <WordsCell words={positionWords(indicator, snapshot.flagMinN, t)} flag={flag} className="figures-table__position" />
                <WordsCell words={casemixWords(indicator, t, language)} />
                <WordsCell words={trendWords(indicator, t, language)} />
                <WordsCell words={changeWords(indicator, snapshot.previousDialogue, t, language)} />
                {explanation && <td className="figures-table__explanation">{explanation(indicator)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function WordsCell({ words, className, extra, strong = false, flag = null }: { words: Words; className?: string; extra?: string; strong?: boolean; flag?: 'above' | 'below' | null }) {
  return (
    <td className={className}>
      <span className={`figure__value${strong ? '' : ' figure__value--plain'}${flag ? ' flag-text' : ''}`}>
        {flag && (
          <span className="flag-mark" aria-hidden="true">
            {flag === 'above' ? '▲\u00a0' : '▼\u00a0'}
          </span>
        )}
        {words.value}
      </span>
      {words.detail.map((line, index) => (
        <span className="figure__detail" key={index}>
          {line}
        </span>
      ))}
      {extra && <span className="figure__detail">{extra}</span>}
    </td>
  );
}
