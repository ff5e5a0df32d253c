/**
 * Every change to the dialogue and its actions — who, when, which version, what from and to —
 * fetched when the user opens it, since it is seldom needed and grows with every save.
 */
import { useState } from 'react';
import { api, type LocalizedText } from '../../api/client';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { failure } from '../compare/load';
import type { DialogueEvent } from './model';

export function HistorySection({ dialogueId, version }: { dialogueId: string; version: number }) {
  const { t, language, pick } = useI18n();
  const [events, setEvents] = useState<{ version: number; list: DialogueEvent[] }>();
  const [error, setError] = useState<LocalizedText>();

  const load = () => {
    setError(undefined);
    api
      .get('/api/v1/dialogues/{id}/history', { path: { id: dialogueId } })
      .then((history) => setEvents({ version, list: history.events }))
      .catch((caught: unknown) => setError(failure(caught)));
  };

  return (
    <section className="section-block" aria-labelledby="dialogue-history">
      <details
        className="history"
        onToggle={(event) => {
          // Asked again when opened after a save, so the list includes it.
          if (event.currentTarget.open && events?.version !== version) load();
        }}
      >
        <summary>
          <h2 id="dialogue-history" className="history__title">
            {t('dialogue.history.title')}
          </h2>
        </summary>
        {error && <p className="notice notice--danger">{pick(error)}</p>}
        {!events && !error && <p role="status">{t('common.loading')}</p>}
        {events && (
          <ol className="history__list">
            {events.list.map((event) => (
              <li key={event.id}>
                <p className="history__head">
                  <strong>{t(`dialogue.history.event.${event.event}`)}</strong> · {formatDateTime(event.occurredAt, language)} · {event.who.name}
                  {event.who.role ? ` (${event.who.role})` : ''} · {t('dialogue.history.version', { version: event.version })}
                </p>
                {event.changes.length > 0 && (
                  <ul className="history__changes">
                    {event.changes.map((change, index) => (
                      <li key={index}>
                        <span className="code">{change.field}</span>: {short(change.from)} → {short(change.to)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}

/** A value from the history in one line: long texts cut, empty shown as a dash. */
function short(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
