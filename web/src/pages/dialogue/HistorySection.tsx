/**
 * Every change to the dialogue and its actions — who, when, which version, what from and to —
 * fetched when the user opens it (an NL Design System accordion), since it is seldom needed and grows
 * with every save.
 */
import { OrderedList, OrderedListItem, Paragraph, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useDialogueHistory } from '../../data/dialogues';
import { Expandable } from '../../components/Expandable';
import { Notice } from '../../components/Notice';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import type { DialogueEvent } from './model';

export function HistorySection({ dialogueId, version }: { dialogueId: string; version: number }) {
  const { t, language, pick } = useI18n();
  const [opened, setOpened] = useState(false);
  const history = useDialogueHistory(dialogueId, version, opened);
  const events: { list: DialogueEvent[] } | undefined = history.status === 'loaded' ? { list: history.data.events } : undefined;
  const error = history.status === 'failed' ? history.message : undefined;

  return (
    <Expandable
      className="section-block history"
      headingLevel={2}
      label={t('dialogue.history.title')}
      // Asked once opened, and again for each new version, so the list includes every save.
      onOpen={() => setOpened(true)}
    >
      {error && <Notice tone="danger">{pick(error)}</Notice>}
      {!events && !error && <Paragraph role="status">{t('common.loading')}</Paragraph>}
      {events && (
        <OrderedList className="history__list">
          {events.list.map((event) => (
            <OrderedListItem key={event.id}>
              <Paragraph className="history__head">
                <strong>{t(`dialogue.history.event.${event.event}`)}</strong> · {formatDateTime(event.occurredAt, language)} ·{' '}
                {event.who.name}
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
