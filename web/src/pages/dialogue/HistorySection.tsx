/**
 * Every change to the dialogue and its actions — who, when, which version, what from and to —
 * fetched when the user opens it (an NL Design System accordion), since it is seldom needed and grows
 * with every save.
 */
import { OrderedList, OrderedListItem, Paragraph, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { api, type LocalizedText } from '../../api/client';
import { Expandable } from '../../components/Expandable';
import { Notice } from '../../components/Notice';
import { formatDateTime } from '../../figures/format';
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
    <Expandable
      className="section-block history"
      headingLevel={2}
      label={t('dialogue.history.title')}
      // Asked again when opened after a save, so the list includes it.
      onOpen={() => {
        if (events?.version !== version) load();
      }}
    >
      {error && <Notice tone="danger">{pick(error)}</Notice>}
      {!events && !error && <Paragraph role="status">{t('common.loading')}</Paragraph>}
      {events && (
        <OrderedList className="history__list">
          {events.list.map((event) => (
            <OrderedListItem key={event.id}>
              <Paragraph className="history__head">
                <strong>{t(`dialogue.history.event.${event.event}`)}</strong> · {formatDateTime(event.occurredAt, language)} · {event.who.name}
                {event.who.role ? ` (${event.who.role})` : ''} · {t('dialogue.history.version', { version: event.version })}
              </Paragraph>
              {event.changes.length > 0 && (
                <UnorderedList className="history__changes">
                  {event.changes.map((change, index) => (
                    <UnorderedListItem key={index}>
                      <span className="code">{change.field}</span>: {short(change.from)} → {short(change.to)}
                    </UnorderedListItem>
                  ))}
                </UnorderedList>
              )}
            </OrderedListItem>
          ))}
        </OrderedList>
      )}
    </Expandable>
  );
}

/** A value from the history in one line: long texts cut, empty shown as a dash. */
function short(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
