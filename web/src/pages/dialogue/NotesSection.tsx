/**
 * The meeting record (gespreksverslag): the contract manager writes it, the provider reads it.
 * Checked in the browser with the API's own rules before it is sent.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { plainTextProblems, textLimits } from '../../../../schemas/plain-text.ts';
import type { LocalizedText } from '../../data/client';
import { TextAreaField } from '../../components/TextAreaField';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { isFinal, type Dialogue } from './model';
import { RefusalNotice } from './RefusalNotice';
import type { DialogueHandle, SaveResult } from './useDialogue';
import { useDraft } from './useDraft';

export function NotesSection({ dialogue, handle, editable }: { dialogue: Dialogue; handle: DialogueHandle; editable: boolean }) {
  const { t, pick } = useI18n();
  const notes = useDraft(dialogue.notes ?? '');
  const [errors, setErrors] = useState<LocalizedText[]>([]);
  const [result, setResult] = useState<Extract<SaveResult<unknown>, { ok: false }>>();
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number>();

  if (!editable || isFinal(dialogue.status)) {
    return (
      <section className="section-block" aria-labelledby="dialogue-notes">
        <Heading level={2} id="dialogue-notes">
          {t('dialogue.notes.title')}
        </Heading>
        {dialogue.notes ? (
          <Paragraph className="plain-text">{dialogue.notes}</Paragraph>
        ) : (
          <Paragraph className="muted">{t('dialogue.notes.none')}</Paragraph>
        )}
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = notes.draft.trim() === '' ? null : notes.draft;
    const problems = text === null ? [] : plainTextProblems(text, messages['dialogue.notes.label'], textLimits.notes);
    setErrors(problems.map((p) => p.message));
    setResult(undefined);
    setSavedAt(undefined);
    if (problems.length) return;
    setSaving(true);
    const outcome = await handle.update({ notes: text });
    setSaving(false);
    if (outcome.ok) {
      notes.saved(outcome.value.notes ?? '');
      setSavedAt(Date.now());
    } else setResult(outcome);
  };

  return (
    <section className="section-block" aria-labelledby="dialogue-notes">
      <Heading level={2} id="dialogue-notes">
        {t('dialogue.notes.title')}
      </Heading>
      <form className="form form--tight" onSubmit={submit} noValidate>
        <TextAreaField
          id="dialogue-notes-text"
          label={pick(messages['dialogue.notes.label'])}
          hint={t('dialogue.notes.hint')}
          value={notes.draft}
          onChange={(event) => notes.setDraft(event.currentTarget.value)}
          rows={8}
          maxChars={textLimits.notes}
          errors={errors}
        />
        <RefusalNotice result={result} currentText={dialogue.notes ?? ''} onAdopt={notes.adopt} />
        <div className="actions actions--tight">
          <Button appearance="primary-action-button" type="submit" disabled={saving}>
            {t(saving ? 'dialogue.saving' : 'dialogue.notes.save')}
          </Button>
          <Paragraph className="muted save-status" role="status">
            {savedAt && !notes.dirty ? t('dialogue.saved', { version: dialogue.version }) : notes.dirty ? t('dialogue.unsaved') : ''}
          </Paragraph>
        </div>
      </form>
    </section>
  );
}
