/**
 * Reporting periods and their deadlines (CBS half-years, deadline usually three weeks after the
 * period): open a period, move a deadline, close a period (no more uploads) or open it again.
 */
import { Button, Heading, Paragraph, TableCell, TableRow, TextInput, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { client, ok, ApiError, type LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useAdminPeriods } from '../../data/admin';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { failed, AdminListSection, type Outcome } from './common';

type Period = components['schemas']['Period'];

const byCodeDescending = (a: Period, b: Period) => b.code.localeCompare(a.code);

export function PeriodsPage() {
  const { t } = useI18n();
  const [periods, update] = useAdminPeriods();
  const [outcome, setOutcome] = useState<Outcome>();
  const replace = (period: Period) => update((list) => list.map((p) => (p.code === period.code ? period : p)));

  return (
    <div className="container section admin">
      <Heading level={1}>{t('admin.periods.title')}</Heading>
      <Paragraph purpose="lead">{t('admin.periods.intro')}</Paragraph>
      <NewPeriodForm
        onCreated={(period) => {
          update((list) => [...list, period].sort(byCodeDescending));
          setOutcome({ kind: 'done', text: t('admin.periods.added', { code: period.code, deadline: period.deadline }) });
        }}
      />
      <AdminListSection
        id="periods-list"
        title={t('admin.periods.list')}
        outcome={outcome}
        list={periods}
        columns={[
          { label: t('dialogues.col.period') },
          { label: t('admin.periods.range') },
          { label: t('admin.periods.deadline') },
          { label: t('admin.users.col.status') },
          { label: t('admin.col.manage') },
        ]}
        rows={(items) => items.map((period) => <PeriodRow key={period.code} period={period} onChanged={replace} onOutcome={setOutcome} />)}
      />
    </div>
  );
}

function PeriodRow({
  period,
  onChanged,
  onOutcome,
}: {
  period: Period;
  onChanged: (period: Period) => void;
  onOutcome: (outcome: Outcome) => void;
}) {
  const { t } = useI18n();
  const [deadline, setDeadline] = useState(period.deadline);
  const [busy, setBusy] = useState(false);

  const change = async (body: { deadline?: string; closed?: boolean }, done: (saved: Period) => string) => {
    setBusy(true);
    try {
      const saved = ok(await client.PATCH('/admin/periods/{code}', { params: { path: { code: period.code } }, body }));
      onChanged(saved);
      setDeadline(saved.deadline);
      onOutcome({ kind: 'done', text: done(saved) });
    } catch (error) {
      onOutcome(failed(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <TableRow>
      <TableHeaderCell scope="row">{period.code}</TableHeaderCell>
      <TableCell className="nowrap">
        {period.startsOn} – {period.endsOn}
      </TableCell>
      <TableCell>
        <div className="inline-edit">
          <label className="visually-hidden" htmlFor={`period-${period.code}-deadline`}>
            {t('admin.periods.deadlineOf', { code: period.code })}
          </label>
          <TextInput
            id={`period-${period.code}-deadline`}
            type="date"
            className="control--compact"
            value={deadline}
            min={period.endsOn}
            onChange={(event) => setDeadline(event.currentTarget.value)}
          />
          {deadline !== period.deadline && deadline !== '' && (
            <Button
              appearance="secondary-action-button"
              className="button--small"
              disabled={busy}
              onClick={() =>
                void change({ deadline }, (saved) => t('admin.periods.deadlineChanged', { code: saved.code, deadline: saved.deadline }))
              }
            >
              {t('admin.periods.saveDeadline')}
            </Button>
          )}
        </div>
      </TableCell>
      <TableCell>
        <span className={`badge ${period.closed ? 'badge--neutral' : 'badge--allowed'}`}>
          {t(period.closed ? 'admin.periods.closed' : 'admin.periods.open')}
        </span>
      </TableCell>
      <TableCell>
        <Button
          appearance="secondary-action-button"
          className="button--small"
          disabled={busy}
          onClick={() =>
            void change({ closed: !period.closed }, (saved) =>
              t(saved.closed ? 'admin.periods.closedNow' : 'admin.periods.openedNow', { code: saved.code }),
            )
          }
        >
          {t(period.closed ? 'admin.periods.reopen' : 'admin.periods.close')}
          <VisuallyHidden> {period.code}</VisuallyHidden>
        </Button>
      </TableCell>
    </TableRow>
  );
}

function NewPeriodForm({ onCreated }: { onCreated: (period: Period) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [deadline, setDeadline] = useState('');
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const errorFor = (id: string): LocalizedText | undefined => errors.find((e) => e.fieldId === id)?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: SummaryItem[] = [];
    if (!/^[0-9]{4}-H[12]$/.test(code)) found.push({ message: messages['admin.periods.code.invalid'], fieldId: 'new-period-code' });
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(deadline))
      found.push({ message: messages['admin.periods.deadline.required'], fieldId: 'new-period-deadline' });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const period = ok(await client.POST('/admin/periods', { body: { code, deadline } }));
      setCode('');
      setDeadline('');
      onCreated(period);
    } catch (error) {
      const items =
        error instanceof ApiError
          ? error.fieldErrors.map((e) => ({
              message: e.message,
              fieldId: e.field === 'deadline' ? 'new-period-deadline' : 'new-period-code',
            }))
          : [];
      setErrors(items.length ? items : [{ message: error instanceof ApiError ? error.localized : messages['common.unknownError'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-period-title">
      <Heading level={2} id="new-period-title">
        {t('admin.periods.new')}
      </Heading>
      <form className="form form--tight" onSubmit={submit} noValidate>
        <ErrorSummary title={t('admin.errors')} items={errors} />
        <div className="form-row">
          <Field
            id="new-period-code"
            label={t('admin.periods.code')}
            hint={t('admin.periods.code.hint')}
            value={code}
            maxLength={7}
            error={errorFor('new-period-code')}
            onChange={(event) => setCode(event.currentTarget.value.trim().toUpperCase())}
          />
          <Field
            id="new-period-deadline"
            type="date"
            label={t('admin.periods.deadline')}
            hint={t('admin.periods.deadline.hint')}
            value={deadline}
            error={errorFor('new-period-deadline')}
            onChange={(event) => setDeadline(event.currentTarget.value)}
          />
        </div>
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          {t('admin.periods.add')}
        </Button>
      </form>
    </section>
  );
}
