/**
 * Reporting periods and their deadlines (CBS half-years, deadline usually three weeks after the
 * period): open a period, move a deadline, close a period (no more uploads) or open it again.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { LoadFailed, Loading } from '../compare/status';
import { failed, OutcomeLine, useResource, type Outcome } from './common';
import { TableScroll } from '../../components/TableScroll';

type Period = components['schemas']['Period'];

const byCodeDescending = (a: Period, b: Period) => b.code.localeCompare(a.code);

export function PeriodsPage() {
  const { t } = useI18n();
  const [periods, update] = useResource((signal) => api.get('/api/v1/admin/periods', { signal }).then((r) => r.periods.sort(byCodeDescending)));
  const [outcome, setOutcome] = useState<Outcome>();
  const replace = (period: Period) => update((list) => list.map((p) => (p.code === period.code ? period : p)));

  return (
    <div className="container section admin">
      <h1>{t('admin.periods.title')}</h1>
      <p className="lead">{t('admin.periods.intro')}</p>
      <NewPeriodForm
        onCreated={(period) => {
          update((list) => [...list, period].sort(byCodeDescending));
          setOutcome({ kind: 'done', text: t('admin.periods.added', { code: period.code, deadline: period.deadline }) });
        }}
      />
      <section className="section-block" aria-labelledby="periods-list">
        <h2 id="periods-list">{t('admin.periods.list')}</h2>
        <OutcomeLine outcome={outcome} />
        {periods.status === 'loading' && <Loading />}
        {periods.status === 'failed' && <LoadFailed message={periods.message} />}
        {periods.status === 'loaded' && (
          <TableScroll>
            <table className="data-table admin-table">
              <caption className="visually-hidden">{t('admin.periods.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dialogues.col.period')}</th>
                  <th scope="col">{t('admin.periods.range')}</th>
                  <th scope="col">{t('admin.periods.deadline')}</th>
                  <th scope="col">{t('admin.users.col.status')}</th>
                  <th scope="col">{t('admin.col.manage')}</th>
                </tr>
              </thead>
              <tbody>
                {periods.data.map((period) => (
                  <PeriodRow key={period.code} period={period} onChanged={replace} onOutcome={setOutcome} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

function PeriodRow({ period, onChanged, onOutcome }: { period: Period; onChanged: (period: Period) => void; onOutcome: (outcome: Outcome) => void }) {
  const { t } = useI18n();
  const [deadline, setDeadline] = useState(period.deadline);
  const [busy, setBusy] = useState(false);

  const change = async (body: { deadline?: string; closed?: boolean }, done: (saved: Period) => string) => {
    setBusy(true);
    try {
      const saved = await api.patch('/api/v1/admin/periods/{code}', { path: { code: period.code }, body });
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
    <tr>
      <th scope="row">{period.code}</th>
      <td className="nowrap">
        {period.startsOn} – {period.endsOn}
      </td>
      <td>
        <div className="inline-edit">
          <label className="visually-hidden" htmlFor={`period-${period.code}-deadline`}>
            {t('admin.periods.deadlineOf', { code: period.code })}
          </label>
          <input
            id={`period-${period.code}-deadline`}
            type="date"
            className="field__input field__input--compact"
            value={deadline}
            min={period.endsOn}
            onChange={(event) => setDeadline(event.currentTarget.value)}
          />
          {deadline !== period.deadline && deadline !== '' && (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              onClick={() => void change({ deadline }, (saved) => t('admin.periods.deadlineChanged', { code: saved.code, deadline: saved.deadline }))}
            >
              {t('admin.periods.saveDeadline')}
            </button>
          )}
        </div>
      </td>
      <td>
        <span className={`badge ${period.closed ? 'badge--neutral' : 'badge--allowed'}`}>{t(period.closed ? 'admin.periods.closed' : 'admin.periods.open')}</span>
      </td>
      <td>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy}
          onClick={() => void change({ closed: !period.closed }, (saved) => t(saved.closed ? 'admin.periods.closedNow' : 'admin.periods.openedNow', { code: saved.code }))}
        >
          {t(period.closed ? 'admin.periods.reopen' : 'admin.periods.close')}
          <span className="visually-hidden"> {period.code}</span>
        </button>
      </td>
    </tr>
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
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(deadline)) found.push({ message: messages['admin.periods.deadline.required'], fieldId: 'new-period-deadline' });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const period = await api.post('/api/v1/admin/periods', { body: { code, deadline } });
      setCode('');
      setDeadline('');
      onCreated(period);
    } catch (error) {
      const items = error instanceof ApiError ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: e.field === 'deadline' ? 'new-period-deadline' : 'new-period-code' })) : [];
      setErrors(items.length ? items : [{ message: error instanceof ApiError ? error.localized : messages['common.unknownError'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-period-title">
      <h2 id="new-period-title">{t('admin.periods.new')}</h2>
      <form className="form form--tight" onSubmit={submit} noValidate>
        <ErrorSummary title={t('admin.errors')} items={errors} />
        <div className="form-row">
          <Field id="new-period-code" label={t('admin.periods.code')} hint={t('admin.periods.code.hint')} value={code} maxLength={7} error={errorFor('new-period-code')} onChange={(event) => setCode(event.currentTarget.value.trim().toUpperCase())} />
          <Field id="new-period-deadline" type="date" label={t('admin.periods.deadline')} hint={t('admin.periods.deadline.hint')} value={deadline} error={errorFor('new-period-deadline')} onChange={(event) => setDeadline(event.currentTarget.value)} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('admin.periods.add')}
        </button>
      </form>
    </section>
  );
}
