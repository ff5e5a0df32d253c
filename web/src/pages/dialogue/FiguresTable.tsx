/**
 * The frozen figures of one product category: per indicator the provider's value with n and
 * interval, the peer figure, the funnel position (a bespreekpunt is a point for the conversation,
 * not a verdict), O/E after case-mix adjustment, trend, the change since the previous dialogue,
 * and the provider's duiding beside it. Used by the workspace and, in print, by the brief.
 */
import { Table, TableBody, TableCaption, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import type { ReactNode } from 'react';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { formatPercent } from '../../figures/format';
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
    ? t('dialogue.fig.lowResponse', {
        rate: quality.responseRate === null ? '—' : formatPercent(quality.responseRate, language, 0),
        threshold: formatPercent(quality.lowResponseRate, language, 0),
      })
    : undefined;
  return (
    <TableScroll>
      <Table className="data-table figures-table">
        <TableCaption className="visually-hidden">
          {t('dialogue.figures.caption', { category: labels.category(category.productCategory), period: snapshot.period })}
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('dialogue.figures.col.indicator')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.figures.col.provider')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.figures.col.region')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.figures.col.position')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.figures.col.casemix')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.figures.col.trend')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.figures.col.change')}</TableHeaderCell>
            {explanation && <TableHeaderCell scope="col">{explanationHeading}</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {category.indicators.map((indicator) => {
            const own = figureWords(indicator.figure, snapshot.minN, t, language);
            const region = figureWords(indicator.region, snapshot.minN, t, language);
            const flag = indicator.funnel.position?.flag ?? null;
            const greyed = lowResponse && labels.definition(indicator.indicator)?.unit === 'measurements';
            return (
              <TableRow key={indicator.indicator} className={flag ? 'row--flag' : undefined}>
                <TableHeaderCell scope="row">{labels.indicator(indicator.indicator)}</TableHeaderCell>
                <WordsCell
                  words={own}
                  className={greyed ? 'cell--low-response' : undefined}
                  extra={greyed ? lowResponseText : undefined}
                  strong
                />
                <WordsCell words={region} strong />
                <WordsCell words={positionWords(indicator, snapshot.flagMinN, t)} flag={flag} className="figures-table__position" />
                <WordsCell words={casemixWords(indicator, t, language)} />
                <WordsCell words={trendWords(indicator, t, language)} />
                <WordsCell words={changeWords(indicator, snapshot.previousDialogue, t, language)} />
                {explanation && <TableCell className="figures-table__explanation">{explanation(indicator)}</TableCell>}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

function WordsCell({
  words,
  className,
  extra,
  strong = false,
  flag = null,
}: {
  words: Words;
  className?: string;
  extra?: string;
  strong?: boolean;
  flag?: 'above' | 'below' | null;
}) {
  return (
    <TableCell className={className}>
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
    </TableCell>
  );
}
