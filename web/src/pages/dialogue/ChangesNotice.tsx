/**
 * When the provider has submitted again since the snapshot, the dialogue still discusses the
 * frozen figures (SPEC §7.1); this notice says newer data exists and, on request, what changed
 * figure by figure (GET /dialogues/{id}/changes recomputes the figures now).
 */
import { useState } from 'react';
import { api, type LocalizedText } from '../../api/client';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { failure } from '../compare/load';
import type { Labels } from './labels';
import type { Dialogue, DialogueChanges } from './model';
import { figureWords } from './snapshot-words';

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

  return (
    <div className="notice notice--warning newer-data">
      <h2>{t('dialogue.newer.title')}</h2>
      <p>
        {t('dialogue.newer.text', {
          replacedAt: dialogue.newerData.replacedAt ? formatDateTime(dialogue.newerData.replacedAt, language) : '—',
          frozenAt: formatDateTime(dialogue.snapshot.frozenAt, language),
        })}
      </p>
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
            <div className="table-scroll">
              <table className="data-table">
                <caption>{t('dialogue.newer.caption', { checkedAt: formatDateTime(changes.checkedAt, language) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dialogue.figures.col.indicator')}</th>
                    <th scope="col">{t('dialogue.newer.col.snapshot')}</th>
                    <th scope="col">{t('dialogue.newer.col.now')}</th>
                    <th scope="col">{t('dialogue.newer.col.flag')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changed.map((row) => (
                    <tr key={`${row.productCategory}/${row.indicator}`}>
                      <th scope="row">
                        {labels.indicator(row.indicator)} <span className="muted">({labels.category(row.productCategory)})</span>
                      </th>
                      <td>{row.snapshot ? figureWords(row.snapshot, minN, t, language).value : '—'}</td>
                      <td>{row.current ? figureWords(row.current, minN, t, language).value : '—'}</td>
                      <td>
                        {t(row.flag.snapshot ? 'dialogue.newer.flagYes' : 'dialogue.newer.flagNo')} → {t(row.flag.current ? 'dialogue.newer.flagYes' : 'dialogue.newer.flagNo')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
