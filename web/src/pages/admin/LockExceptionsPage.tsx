/**
 * Lock exceptions (issue 17): after a period's figures are final a provider can no longer submit
 * for it, unless the administrator lets that provider change that period until a date, with a
 * reason. Grant one (the provider is notified), see current and past ones, end one early.
 */
import { Button, Heading, Paragraph, TableCell, TableRow, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { addDays, todayInPortal } from '../../../../schemas/dates.ts';
import { lockExceptionMaxDays, lockExceptionReasonMax } from '../../../../schemas/lock-exceptions.ts';
import { plainTextProblems } from '../../../../schemas/plain-text.ts';
import type { components } from '../../api/schema';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { TextAreaField } from '../../components/TextAreaField';
import { client, ok, ApiError, type LocalizedText } from '../../data/client';
import { useAdminPeriods, useAdminProviders, useLockExceptions } from '../../data/admin';
import { formatDateTime, formatDay } from '../../figures/format';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { failed, AdminListSection, type Outcome } from './common';

type LockException = components['schemas']['LockException'];

export function LockExceptionsPage() {
  const { t } = useI18n();
  const [exceptions, update] = useLockExceptions();
  const [outcome, setOutcome] = useState<Outcome>();

  return (
    <div className="container section admin">
      <Heading level={1}>{t('admin.locks.title')}</Heading>
      <Paragraph purpose="lead">{t('admin.locks.intro')}</Paragraph>
      <GrantForm
        onGranted={(granted) => {
          update((list) => [granted, ...list]);
          setOutcome({ kind: 'done', text: t('admin.locks.granted', { provider: granted.provider.name, period: granted.period }) });
        }}
      />
      <AdminListSection
        id="locks-list"
        title={t('admin.locks.list')}
        outcome={outcome}
        list={exceptions}
        columns={[
          { label: t('admin.locks.col.provider') },
          { label: t('dialogues.col.period') },
          { label: t('admin.locks.col.until') },
          { label: t('admin.locks.col.reason') },
          { label: t('admin.locks.col.granted') },
          { label: t('admin.users.col.status') },
          { label: t('admin.col.manage') },
        ]}
        rows={(items) =>
          items.map((exception) => (
            <ExceptionRow
              key={exception.id}
              exception={exception}
              onEnded={(ended) => {
                update((list) => list.map((e) => (e.id === ended.id ? ended : e)));
                setOutcome({ kind: 'done', text: t('admin.locks.endedNow', { provider: ended.provider.name, period: ended.period }) });
              }}
              onFailed={(error) => setOutcome(failed(error))}
            />
          ))
        }
      />
    </div>
  );
}

function ExceptionRow({
  exception,
  onEnded,
  onFailed,
}: {
  exception: LockException;
  onEnded: (ended: LockException) => void;
  onFailed: (error: unknown) => void;
}) {
  const { t, language } = useI18n();
  const [busy, setBusy] = useState(false);
  const end = async () => {
    setBusy(true);
    try {
      onEnded(ok(await client.POST('/admin/lock-exceptions/{id}/end', { params: { path: { id: exception.id } } })));
    } catch (error) {
      onFailed(error);
    } finally {
      setBusy(false);
    }
  };
  const status = exception.current
    ? 'admin.locks.status.current'
    : exception.endedAt
      ? 'admin.locks.status.ended'
      : 'admin.locks.status.expired';
  return (
    <TableRow>
      <TableHeaderCell scope="row">
        {exception.provider.name} ({exception.provider.agb})
      </TableHeaderCell>
      <TableCell>{exception.period}</TableCell>
      <TableCell className="nowrap">{formatDay(exception.validUntil, language)}</TableCell>
      <TableCell>{exception.reason}</TableCell>
      <TableCell>
        {formatDateTime(exception.grantedAt, language)}
        {exception.grantedBy && ` — ${exception.grantedBy}`}
      </TableCell>
      <TableCell>
        <span className={`badge ${exception.current ? 'badge--allowed' : 'badge--neutral'}`}>{t(status)}</span>
      </TableCell>
      <TableCell>
        {exception.current && (
          <Button appearance="secondary-action-button" className="button--small" disabled={busy} onClick={() => void end()}>
            {t('admin.locks.end')}
            <VisuallyHidden>
              {' '}
              {exception.provider.name} {exception.period}
            </VisuallyHidden>
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

const fieldIds: Record<string, string> = {
  providerAgb: 'lock-provider',
  period: 'lock-period',
  reason: 'lock-reason',
  validUntil: 'lock-until',
};

function GrantForm({ onGranted }: { onGranted: (granted: LockException) => void }) {
  const { t } = useI18n();
  const [providers] = useAdminProviders();
  const [periods] = useAdminPeriods();
  const [providerAgb, setProviderAgb] = useState('');
  const [period, setPeriod] = useState('');
  const [reason, setReason] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const errorFor = (id: string): LocalizedText | undefined => errors.find((e) => e.fieldId === id)?.message;
  const today = todayInPortal();
  const last = addDays(today, lockExceptionMaxDays);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: SummaryItem[] = [];
    if (!providerAgb) found.push({ message: messages['admin.locks.provider.required'], fieldId: fieldIds.providerAgb });
    if (!period) found.push({ message: messages['admin.locks.period.required'], fieldId: fieldIds.period });
    for (const problem of plainTextProblems(reason, messages['admin.locks.reason'], lockExceptionReasonMax))
      found.push({ message: problem.message, fieldId: fieldIds.reason });
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(validUntil) || validUntil < today || validUntil > last) {
      const range = messages['admin.locks.until.range'];
      found.push({
        message: { nl: `${range.nl} ${today} – ${last}.`, en: `${range.en} ${today} – ${last}.` },
        fieldId: fieldIds.validUntil,
      });
    }
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const granted = ok(await client.POST('/admin/lock-exceptions', { body: { providerAgb, period, reason, validUntil } }));
      setReason('');
      setValidUntil('');
      onGranted(granted);
    } catch (error) {
      const items =
        error instanceof ApiError
          ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: fieldIds[e.field] ?? fieldIds.reason }))
          : [];
      setErrors(items.length ? items : [{ message: error instanceof ApiError ? error.localized : messages['common.unknownError'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="lock-grant-title">
      <Heading level={2} id="lock-grant-title">
        {t('admin.locks.new')}
      </Heading>
      <form className="form form--tight" onSubmit={submit} noValidate>
        <ErrorSummary title={t('admin.errors')} items={errors} />
        <div className="form-row">
          <SelectField
            id={fieldIds.providerAgb}
            label={t('admin.locks.col.provider')}
            value={providerAgb}
            error={errorFor(fieldIds.providerAgb)}
            onChange={(event) => setProviderAgb(event.currentTarget.value)}
          >
            <option value="">{t('admin.locks.choose')}</option>
            {providers.status === 'loaded' &&
              providers.data
                .filter((p) => p.active)
                .map((p) => (
                  <option key={p.agb} value={p.agb}>
                    {p.name} ({p.agb})
                  </option>
                ))}
          </SelectField>
          <SelectField
            id={fieldIds.period}
            label={t('dialogues.col.period')}
            value={period}
            error={errorFor(fieldIds.period)}
            onChange={(event) => setPeriod(event.currentTarget.value)}
          >
            <option value="">{t('admin.locks.choose')}</option>
            {periods.status === 'loaded' &&
              periods.data.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code}
                </option>
              ))}
          </SelectField>
          <Field
            id={fieldIds.validUntil}
            type="date"
            label={t('admin.locks.col.until')}
            hint={t('admin.locks.until.hint', { days: lockExceptionMaxDays })}
            min={today}
            max={last}
            value={validUntil}
            error={errorFor(fieldIds.validUntil)}
            onChange={(event) => setValidUntil(event.currentTarget.value)}
          />
        </div>
        <TextAreaField
          id={fieldIds.reason}
          label={t('admin.locks.col.reason')}
          hint={t('admin.locks.reason.hint')}
          maxChars={lockExceptionReasonMax}
          value={reason}
          errors={errorFor(fieldIds.reason) ? [errorFor(fieldIds.reason)!] : []}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          {t('admin.locks.grant')}
        </Button>
      </form>
    </section>
  );
}
