/**
 * When newer data exists than the snapshot was frozen from — the provider submitted again, or
 * other submissions its figures come from changed (a peer's for the period, a later period's for
 * re-entry) — the dialogue still discusses the frozen figures (SPEC §7.1). This notice says so
 * and, on request, what changed figure by figure: the provider's value and the regional figure
 * then and now (GET /dialogues/{id}/changes recomputes the figures now).
 */
import { useState } from 'react';
import { api, type LocalizedText } from '../../api/client';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { formatPercent, type Figure } from '../compare/figures';
import { failure } from '../compare/load';
import type { Labels } from './labels';
import type { Dialogue, DialogueChanges } from './model';
import { figureWords } from './snapshot-words';
import { TableScroll } from '../../components/TableScroll';

export function ChangesNotice({ dialogue, labels }: { dialogue: Dialogue; labels: Labels }) {
  const { t, language, pick } = useI18n();
  const [changes, setChanges] = useState<DialogueChanges>();
  const [error, setError] = useState<LocalizedText>();
  const [loading, setLoading] = useState(false);
  if (!dialogue.newerData.exists) return null;

  const load = async () => {
    setLoading(true);
    setError(undefined);
    try {
      setChanges(await api.get('/api/v1/dialogues/{id}/changes', { path: { id: dialogue.id } }));
    } catch (caught) {
      setError(failure(caught));
    } finally {
      setLoading(false);
    }
  };
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
    <div className="notice notice--warning newer-data">
      <h2>{t('dialogue.newer.title')}</h2>
      {dialogue.newerData.resubmitted && (
        <p>{t('dialogue.newer.resubmitted', { replacedAt: dialogue.newerData.replacedAt ? formatDateTime(dialogue.newerData.replacedAt, language) : '—' })}</p>
      )}
      {dialogue.newerData.otherData && <p>{t('dialogue.newer.otherData')}</p>}
      <p>{t('dialogue.newer.frozen', { frozenAt: formatDateTime(dialogue.snapshot.frozenAt, language) })}</p>
      {!changes && (
        <button type="button" className="button button--secondary" onClick={() => void load()} disabled={loading}>
          {t(loading ? 'common.loading' : 'dialogue.newer.show')}
        </button>
      )}
      {error && <p role="alert">{pick(error)}</p>}
      {changes && (
        <div role="status">
          {changed.length === 0 ? (
            <p>{t('dialogue.newer.noFigureChanged')}</p>
          ) : (
            <TableScroll>
              <table className="data-table">
                <caption>{t('dialogue.newer.caption', { checkedAt: formatDateTime(changes.checkedAt, language) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dialogue.figures.col.indicator')}</th>
                    <th scope="col">{t('dialogue.newer.col.snapshot')}</th>
                    <th scope="col">{t('dialogue.newer.col.now')}</th>
                    <th scope="col">{t('dialogue.newer.col.region')}</th>
                    <th scope="col">{t('dialogue.newer.col.flag')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changed.map((row) => (
                    <tr key={`${row.productCategory}/${row.indicator}`}>
                      <th scope="row">
                        {labels.indicator(row.indicator)} <span className="muted">({labels.category(row.productCategory)})</span>
                      </th>
                      <td>{figureCell(row.snapshot)}</td>
                      <td>{figureCell(row.current)}</td>
                      <td>
                        {peer(row.p0.snapshot)} → {peer(row.p0.current)}
                      </td>
                      <td>
                        {t(row.flag.snapshot ? 'dialogue.newer.flagYes' : 'dialogue.newer.flagNo')} → {t(row.flag.current ? 'dialogue.newer.flagYes' : 'dialogue.newer.flagNo')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      )}
    </div>
  );
}
