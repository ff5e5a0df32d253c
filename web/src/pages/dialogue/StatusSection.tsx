/**
 * Where the dialogue stands (voorbereid → gevoerd → afgerond, or geannuleerd) and, for the
 * contract manager, the meeting date and the next steps. Cancelling asks once more, in the page.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { isFinal, todayInRegion, transitions, type Dialogue, type DialogueStatus } from './model';
import { RefusalNotice } from './RefusalNotice';
import type { DialogueHandle, SaveResult } from './useDialogue';
import { useDraft } from './useDraft';

const steps: readonly DialogueStatus[] = ['voorbereid', 'gevoerd', 'afgerond'];

export function StatusSection({ dialogue, handle, editable }: { dialogue: Dialogue; handle: DialogueHandle; editable: boolean }) {
  const { t } = useI18n();
  const date = useDraft(dialogue.meetingDate ?? '');
  const meetingDate = date.draft;
  const [result, setResult] = useState<Extract<SaveResult<unknown>, { ok: false }>>();
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const next = transitions[dialogue.status];
  const dateChanged = date.dirty;

  const save = async (status?: DialogueStatus) => {
    setBusy(true);
    setResult(undefined);
    const outcome = await handle.update({ ...(status ? { status } : {}), ...(dateChanged ? { meetingDate: meetingDate || null } : {}) });
    setBusy(false);
    setConfirmCancel(false);
    if (!outcome.ok) setResult(outcome);
    else date.saved(outcome.value.meetingDate ?? '');
  };

  return (
    <section className="section-block status-panel" aria-labelledby="dialogue-status">
      <Heading level={2} id="dialogue-status">
        {t('dialogue.status.title')}
      </Heading>
      <ol className="status-steps">
        {(dialogue.status === 'geannuleerd' ? (['voorbereid', 'geannuleerd'] as const) : steps).map((step) => {
          const reached =
            dialogue.status === step || (dialogue.status !== 'geannuleerd' && steps.indexOf(dialogue.status) > steps.indexOf(step));
          return (
            <li
              key={step}
              className={`status-steps__step${dialogue.status === step ? ' status-steps__step--current' : reached ? ' status-steps__step--done' : ''}`}
              aria-current={dialogue.status === step ? 'step' : undefined}
            >
              {t(`dialogue.status.${step}`)}
            </li>
          );
        })}
      </ol>
      <Paragraph>{t(`dialogue.status.explain.${dialogue.status}`)}</Paragraph>
      {editable && !isFinal(dialogue.status) && (
        <>
          <div className="status-panel__row">
            <Field
              id="dialogue-meeting-date"
              type="date"
              label={t('dialogue.meetingDate')}
              hint={t('dialogue.meetingDate.hint')}
              value={meetingDate}
              max={dialogue.status === 'voorbereid' ? undefined : todayInRegion()}
              onChange={(event) => date.setDraft(event.currentTarget.value)}
            />
            {dateChanged && (
              <Button appearance="secondary-action-button" disabled={busy} onClick={() => void save()}>
                {t('dialogue.meetingDate.save')}
              </Button>
            )}
          </div>
          <div className="actions actions--tight">
            {next
              .filter((status) => status !== 'geannuleerd')
              .map((status) => (
                <Button appearance="primary-action-button" key={status} disabled={busy} onClick={() => void save(status)}>
                  {t(`dialogue.status.to.${status}`)}
                </Button>
              ))}
            {next.includes('geannuleerd') && !confirmCancel && (
              <Button appearance="secondary-action-button" disabled={busy} onClick={() => setConfirmCancel(true)}>
                {t('dialogue.status.to.geannuleerd')}
              </Button>
            )}
          </div>
          {confirmCancel && (
            <div role="group" aria-labelledby="dialogue-cancel-question">
              <Notice tone="warning">
                <Paragraph id="dialogue-cancel-question">{t('dialogue.status.cancelQuestion')}</Paragraph>
                <div className="actions actions--tight">
                  <Button appearance="primary-action-button" disabled={busy} onClick={() => void save('geannuleerd')}>
                    {t('dialogue.status.cancelYes')}
                  </Button>
                  <Button appearance="secondary-action-button" onClick={() => setConfirmCancel(false)}>
                    {t('dialogue.status.cancelNo')}
                  </Button>
                </div>
              </Notice>
            </div>
          )}
          <RefusalNotice result={result} />
        </>
      )}
    </section>
  );
}
