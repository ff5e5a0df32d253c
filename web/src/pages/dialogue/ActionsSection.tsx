/**
 * Improvement actions (verbeteracties): what, who (provider or region), by when, status and
 * follow-up. The contract manager records and follows them up, also those carried over from an
 * earlier dialogue with the provider; the provider reads them. Each action has its own version.
 */
import {
  Button,
  Fieldset,
  Heading,
  Paragraph,
  Radio,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { plainTextProblems, textLimits } from '../../../../schemas/plain-text.ts';
import { client, ok, ApiError, type LocalizedText } from '../../data/client';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { TextAreaField } from '../../components/TextAreaField';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import {
  editRefusal,
  ifMatch,
  isFinal,
  isOverdue,
  todayInRegion,
  type ActionOwner,
  type ActionStatus,
  type Dialogue,
  type DialogueAction,
} from './model';
import { RefusalNotice } from './RefusalNotice';
import type { DialogueHandle, SaveResult } from './useDialogue';
import { useDraft } from './useDraft';
import { TableScroll } from '../../components/TableScroll';

type Failed = Extract<SaveResult<unknown>, { ok: false }>;

export function ActionsSection({ dialogue, handle, editable }: { dialogue: Dialogue; handle: DialogueHandle; editable: boolean }) {
  const { t } = useI18n();
  const canEdit = editable && !isFinal(dialogue.status);
  return (
    <section className="section-block" aria-labelledby="dialogue-actions">
      <Heading level={2} id="dialogue-actions">
        {t('dialogue.actions.title')}
      </Heading>
      {dialogue.actions.length === 0 ? (
        <Paragraph className="muted">{t('dialogue.actions.none')}</Paragraph>
      ) : (
        <ActionTable
          caption={t('dialogue.actions.caption')}
          actions={dialogue.actions}
          dialogue={dialogue}
          handle={handle}
          canEdit={canEdit}
        />
      )}
      {canEdit && <AddActionForm dialogue={dialogue} handle={handle} />}

      <Heading level={3} id="dialogue-carried">
        {t('dialogue.actions.carried.title')}
      </Heading>
      {dialogue.carriedOverActions.length === 0 ? (
        <Paragraph className="muted">{t('dialogue.actions.carried.none')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('dialogue.actions.carried.intro')}</Paragraph>
          <ActionTable
            caption={t('dialogue.actions.carried.caption')}
            actions={dialogue.carriedOverActions}
            dialogue={dialogue}
            handle={handle}
            canEdit={canEdit}
            showPeriod
          />
        </>
      )}
    </section>
  );
}

function ActionTable({
  caption,
  actions,
  dialogue,
  handle,
  canEdit,
  showPeriod = false,
}: {
  caption: string;
  actions: DialogueAction[];
  dialogue: Dialogue;
  handle: DialogueHandle;
  canEdit: boolean;
  showPeriod?: boolean;
}) {
  const { t } = useI18n();
  return (
    <TableScroll>
      <Table className="data-table action-table">
        <TableCaption className="visually-hidden">{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('dialogue.actions.col.what')}</TableHeaderCell>
            {showPeriod && <TableHeaderCell scope="col">{t('dialogue.actions.col.from')}</TableHeaderCell>}
            <TableHeaderCell scope="col">{t('dialogue.actions.col.owner')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.actions.col.due')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.actions.col.status')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.actions.col.followUp')}</TableHeaderCell>
            {canEdit && (
              <TableHeaderCell scope="col">
                <VisuallyHidden>{t('dialogue.actions.col.edit')}</VisuallyHidden>
              </TableHeaderCell>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {actions.map((action) => (
            <ActionRow key={action.id} action={action} dialogue={dialogue} handle={handle} canEdit={canEdit} showPeriod={showPeriod} />
          ))}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

function ActionRow({
  action,
  dialogue,
  handle,
  canEdit,
  showPeriod,
}: {
  action: DialogueAction;
  dialogue: Dialogue;
  handle: DialogueHandle;
  canEdit: boolean;
  showPeriod: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const columns = 5 + (showPeriod ? 1 : 0) + (canEdit ? 1 : 0);
  const overdue = isOverdue(action);
  return (
    <>
      <TableRow className={overdue ? 'row--overdue' : undefined}>
        <TableCell className="plain-text">{action.description}</TableCell>
        {showPeriod && <TableCell>{action.period}</TableCell>}
        <TableCell>{t(`dialogue.owner.${action.owner}`)}</TableCell>
        <TableCell className="nowrap">
          {action.dueDate}
          {overdue && <span className="badge badge--overdue">{t('dialogue.actions.overdue')}</span>}
        </TableCell>
        <TableCell>{t(`dialogue.actionStatus.${action.status}`)}</TableCell>
        <TableCell className="plain-text">{action.followUp ?? '—'}</TableCell>
        {canEdit && (
          <TableCell>
            <Button appearance="secondary-action-button" className="button--small" aria-expanded={open} onClick={() => setOpen(!open)}>
              {t(open ? 'dialogue.actions.close' : 'dialogue.actions.edit')}
              <VisuallyHidden>: {action.description.slice(0, 60)}</VisuallyHidden>
            </Button>
          </TableCell>
        )}
      </TableRow>
      {open && (
        <TableRow className="action-editor-row">
          <TableCell colSpan={columns}>
            <ActionEditor action={action} dialogue={dialogue} handle={handle} onDone={() => setOpen(false)} />
          </TableCell>
        </TableRow>
      )}
    </>
  );
}

function ActionEditor({
  action,
  dialogue,
  handle,
  onDone,
}: {
  action: DialogueAction;
  dialogue: Dialogue;
  handle: DialogueHandle;
  onDone: () => void;
}) {
  const { t, pick } = useI18n();
  const [status, setStatus] = useState<ActionStatus>(action.status);
  const [dueDate, setDueDate] = useState(action.dueDate);
  const followUp = useDraft(action.followUp ?? '');
  const [errors, setErrors] = useState<LocalizedText[]>([]);
  const [result, setResult] = useState<Failed>();
  const [busy, setBusy] = useState(false);
  const idBase = `action-${action.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = followUp.draft.trim() === '' ? null : followUp.draft;
    const problems = text === null ? [] : plainTextProblems(text, messages['dialogue.actions.followUp'], textLimits.followUp);
    setErrors(problems.map((p) => p.message));
    setResult(undefined);
    if (problems.length) return;
    const body = {
      ...(status !== action.status ? { status } : {}),
      ...(dueDate !== action.dueDate ? { dueDate } : {}),
      ...(text !== action.followUp ? { followUp: text } : {}),
    };
    if (Object.keys(body).length === 0) return onDone();
    setBusy(true);
    try {
      const saved = ok(
        await client.PATCH('/dialogues/{id}/actions/{actionId}', {
          params: { path: { id: dialogue.id, actionId: action.id }, header: ifMatch(action.version) },
          body,
        }),
      );
      handle.replaceAction(saved);
      followUp.saved(saved.followUp ?? '');
      onDone();
    } catch (error) {
      const refusal = editRefusal<DialogueAction>(error);
      // Someone else changed this action: show theirs, keep what this user chose and typed.
      if (refusal?.kind === 'conflict') handle.replaceAction(refusal.current);
      setResult({ ok: false, refusal, error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form--tight action-editor" onSubmit={submit} noValidate aria-label={t('dialogue.actions.editLabel')}>
      <div className="form-row">
        <SelectField
          id={`${idBase}-status`}
          label={t('dialogue.actions.col.status')}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as ActionStatus)}
        >
          {(['open', 'done', 'dropped'] as const).map((value) => (
            <option key={value} value={value}>
              {t(`dialogue.actionStatus.${value}`)}
            </option>
          ))}
        </SelectField>
        <Field
          id={`${idBase}-due`}
          type="date"
          label={t('dialogue.actions.col.due')}
          value={dueDate}
          required
          onChange={(event) => setDueDate(event.currentTarget.value)}
        />
      </div>
      <TextAreaField
        id={`${idBase}-follow-up`}
        label={pick(messages['dialogue.actions.followUp'])}
        hint={t('dialogue.actions.followUp.hint')}
        value={followUp.draft}
        onChange={(event) => followUp.setDraft(event.currentTarget.value)}
        rows={3}
        maxChars={textLimits.followUp}
        errors={errors}
      />
      <RefusalNotice result={result} currentText={action.followUp ?? ''} onAdopt={followUp.adopt} />
      <div className="actions actions--tight">
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          {t(busy ? 'dialogue.saving' : 'dialogue.actions.save')}
        </Button>
        <Button appearance="secondary-action-button" onClick={onDone}>
          {t('dialogue.actions.cancel')}
        </Button>
      </div>
    </form>
  );
}

function AddActionForm({ dialogue, handle }: { dialogue: Dialogue; handle: DialogueHandle }) {
  const { t, pick } = useI18n();
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState<ActionOwner>('provider');
  const [dueDate, setDueDate] = useState('');
  const [errors, setErrors] = useState<{ description: LocalizedText[]; dueDate?: LocalizedText }>({ description: [] });
  const [result, setResult] = useState<Failed>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string>();
  const earliest = dialogue.meetingDate ?? todayInRegion();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = plainTextProblems(description, messages['dialogue.actions.description'], textLimits.description);
    const dueProblem = dueDate === '' ? messages['dialogue.actions.dueRequired'] : undefined;
    setErrors({ description: problems.map((p) => p.message), dueDate: dueProblem });
    setResult(undefined);
    setAdded(undefined);
    if (problems.length || dueProblem) return;
    setBusy(true);
    try {
      const action = ok(
        await client.POST('/dialogues/{id}/actions', {
          params: { path: { id: dialogue.id } },
          body: { description, owner, dueDate },
        }),
      );
      handle.addAction(action);
      setDescription('');
      setDueDate('');
      setAdded(action.description);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        setErrors({
          description: error.fieldErrors.filter((e) => e.field === 'description').map((e) => e.message),
          dueDate: error.forField('dueDate'),
        });
      }
      setResult({ ok: false, refusal: editRefusal(error), error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form--tight panel add-action" onSubmit={submit} noValidate aria-labelledby="add-action-title">
      <Heading level={3} id="add-action-title">
        {t('dialogue.actions.add.title')}
      </Heading>
      <TextAreaField
        id="add-action-description"
        label={pick(messages['dialogue.actions.description'])}
        hint={t('dialogue.actions.description.hint')}
        value={description}
        onChange={(event) => setDescription(event.currentTarget.value)}
        rows={3}
        maxChars={textLimits.description}
        errors={errors.description}
      />
      <Fieldset className="choice-group choice-group--inline" legend={t('dialogue.actions.col.owner')}>
        {(['provider', 'region'] as const).map((value) => (
          <div className="choice" key={value}>
            <Radio
              id={`add-action-owner-${value}`}
              name="add-action-owner"
              value={value}
              checked={owner === value}
              onChange={() => setOwner(value)}
            />
            <label htmlFor={`add-action-owner-${value}`} className="utrecht-form-label utrecht-form-label--radio">
              {t(`dialogue.owner.${value}`)}
            </label>
          </div>
        ))}
      </Fieldset>
      <Field
        id="add-action-due"
        type="date"
        label={t('dialogue.actions.col.due')}
        hint={t('dialogue.actions.due.hint', { date: earliest })}
        min={earliest}
        value={dueDate}
        error={errors.dueDate}
        onChange={(event) => setDueDate(event.currentTarget.value)}
      />
      {result && !(result.error instanceof ApiError && result.error.status === 422) && <RefusalNotice result={result} />}
      <div className="actions actions--tight">
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          {t(busy ? 'dialogue.saving' : 'dialogue.actions.add')}
        </Button>
        <Paragraph className="muted save-status" role="status">
          {added ? t('dialogue.actions.added', { what: added.slice(0, 80) }) : ''}
        </Paragraph>
      </div>
    </form>
  );
}
