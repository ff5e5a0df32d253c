/**
 * When newer data exists than the snapshot was frozen from — the provider submitted again, or
 * other submissions its figures come from changed (a peer's for the period, a later period's for
 * re-entry) — the dialogue still discusses the frozen figures (SPEC §7.1). This notice says so
 * and, on request, what changed figure by figure: the provider's value and the regional figure
 * then and now (GET /dialogues/{id}/changes recomputes the figures now).
 */
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useDialogueChanges } from '../../data/dialogues';
import { Notice } from '../../components/Notice';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime, formatDay } from '../../figures/format';
import { useI18n } from '../../i18n';
import { formatPercent } from '../../figures/format';
import type { Figure } from '../../figures/indicators';
import type { Labels } from './labels';
import type { Dialogue, DialogueChanges } from './model';
import { figureWords } from './snapshot-words';
import { TableScroll } from '../../components/TableScroll';

export function ChangesNotice({ dialogue, labels }: { dialogue: Dialogue; labels: Labels }) {
  const { t, language, pick } = useI18n();
  const [asked, setAsked] = useState(false);
  const answer = useDialogueChanges(dialogue.id, asked && dialogue.newerData.exists);
  const changes: DialogueChanges | undefined = answer.status === 'loaded' ? answer.data : undefined;
  const error = answer.status === 'failed' ? answer.message : undefined;
  const loading = asked && answer.status === 'loading';
  if (!dialogue.newerData.exists) return null;

  const load = () => setAsked(true);
  const changed = changes?.indicators.filter((row) => row.changed || row.flag.snapshot !== row.flag.current) ?? [];
  const minN = dialogue.snapshot.minN;
  const peer = (p0: number | null) => (p0 === null ? '—' : formatPercent(p0, language));
  /** The value with its count under it ("28,7%", "25 van 87"), so a change of n shows too. */
  const figureCell = (figure: Figure | null) => {
    if (!figure) return '—';
    const words = figureWords(figure, minN, t, language);
    return (
      <>
        <span className="figure__value figure__value--plain">{words.value}</span>
        {words.detail.slice(0, 1).map((line) => (
          <span className="figure__detail" key={line}>
            {line}
          </span>
        ))}
      </>
    );
  };

  return (
    <Notice tone="warning" className="newer-data">
      <Heading level={2}>{t('dialogue.newer.title')}</Heading>
      {dialogue.newerData.resubmitted && (
        <Paragraph>
          {t('dialogue.newer.resubmitted', {
            replacedAt: dialogue.newerData.replacedAt ? formatDateTime(dialogue.newerData.replacedAt, language) : '—',
          })}
        </Paragraph>
      )}
      {dialogue.newerData.changedAfterFinal && dialogue.newerData.finalFrom && (
        <Paragraph>
          <strong>{t('dialogue.newer.afterFinal', { date: formatDay(dialogue.newerData.finalFrom, language) })}</strong>
        </Paragraph>
      )}
      {dialogue.newerData.otherData && <Paragraph>{t('dialogue.newer.otherData')}</Paragraph>}
      <Paragraph>{t('dialogue.newer.frozen', { frozenAt: formatDateTime(dialogue.snapshot.frozenAt, language) })}</Paragraph>
      {!changes && (
        <Button appearance="secondary-action-button" onClick={load} disabled={loading}>
          {t(loading ? 'common.loading' : 'dialogue.newer.show')}
        </Button>
      )}
      {error && <Paragraph role="alert">{pick(error)}</Paragraph>}
      {changes && (
        <div role="status">
          {changed.length === 0 ? (
            <Paragraph>{t('dialogue.newer.noFigureChanged')}</Paragraph>
          ) : (
            <TableScroll>
              <Table className="data-table">
                <TableCaption>{t('dialogue.newer.caption', { checkedAt: formatDateTime(changes.checkedAt, language) })}</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t('dialogue.figures.col.indicator')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('dialogue.newer.col.snapshot')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('dialogue.newer.col.now')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('dialogue.newer.col.region')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('dialogue.newer.col.flag')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {changed.map((row) => (
                    <TableRow key={`${row.productCategory}/${row.indicator}`}>
                      <TableHeaderCell scope="row">
                        {labels.indicator(row.indicator)} <span className="muted">({labels.category(row.productCategory)})</span>
                      </TableHeaderCell>
                      <TableCell>{figureCell(row.snapshot)}</TableCell>
                      <TableCell>{figureCell(row.current)}</TableCell>
                      <TableCell>
                        {peer(row.p0.snapshot)} → {peer(row.p0.current)}
                      </TableCell>
                      <TableCell>
                        {t(row.flag.snapshot ? 'dialogue.newer.flagYes' : 'dialogue.newer.flagNo')} →{' '}
                        {t(row.flag.current ? 'dialogue.newer.flagYes' : 'dialogue.newer.flagNo')}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableScroll>
          )}
        </div>
      )}
    </Notice>
  );
}
