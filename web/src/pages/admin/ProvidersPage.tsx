/**
 * The region's provider organisations (functional administrator): the list with how many active
 * accounts and API clients each has, and adding one by AGB code and name.
 */
import { Button, Heading, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { client, ok, ApiError } from '../../data/client';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useAdminProviders } from '../../data/admin';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { AdminListSection, type Outcome } from './common';

export function ProvidersPage() {
  const { t, number } = useI18n();
  const [providers, update] = useAdminProviders();
  const [agb, setAgb] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: SummaryItem[] = [];
    if (!/^[0-9]{8}$/.test(agb)) found.push({ message: messages['admin.providers.agb.invalid'], fieldId: 'new-provider-agb' });
    if (name.trim() === '') found.push({ message: messages['admin.providers.name.required'], fieldId: 'new-provider-name' });
    setErrors(found);
    setOutcome(undefined);
    if (found.length) return;
    setBusy(true);
    try {
      const created = ok(await client.POST('/admin/providers', { body: { agb, name: name.trim() } }));
      update((list) =>
        [...list, { ...created, active: true, activeClients: 0, activeUsers: 0 }].sort((a, b) => a.name.localeCompare(b.name, 'nl')),
      );
      setAgb('');
      setName('');
      setOutcome({ kind: 'done', text: t('admin.providers.added', { name: created.name, agb: created.agb }) });
    } catch (error) {
      const items =
        error instanceof ApiError
          ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: e.field === 'agb' ? 'new-provider-agb' : 'new-provider-name' }))
          : [];
      setErrors(items.length ? items : [{ message: error instanceof ApiError ? error.localized : messages['common.unknownError'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="container section admin">
      <Heading level={1}>{t('admin.providers.title')}</Heading>
      <Paragraph purpose="lead">{t('admin.providers.intro')}</Paragraph>
      <section className="panel" aria-labelledby="new-provider-title">
        <Heading level={2} id="new-provider-title">
          {t('admin.providers.new')}
        </Heading>
        <form className="form form--tight" onSubmit={submit} noValidate>
          <ErrorSummary title={t('admin.errors')} items={errors} />
          <div className="form-row">
            <Field
              id="new-provider-agb"
              label={t('admin.providers.agb')}
              hint={t('admin.providers.agb.hint')}
              inputMode="numeric"
              maxLength={8}
              value={agb}
              error={errors.find((e) => e.fieldId === 'new-provider-agb')?.message}
              onChange={(event) => setAgb(event.currentTarget.value.trim())}
            />
            <Field
              id="new-provider-name"
              label={t('admin.providers.name')}
              maxLength={200}
              value={name}
              error={errors.find((e) => e.fieldId === 'new-provider-name')?.message}
              onChange={(event) => setName(event.currentTarget.value)}
            />
          </div>
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            {t('admin.providers.add')}
          </Button>
        </form>
      </section>
      <AdminListSection
        id="providers-list"
        title={t('admin.providers.list')}
        outcome={outcome}
        list={providers}
        columns={[
          { label: t('admin.providers.name') },
          { label: t('admin.providers.agb') },
          { label: t('admin.users.col.status') },
          { label: t('admin.providers.users'), numeric: true },
          { label: t('admin.providers.clients'), numeric: true },
        ]}
        rows={(items) =>
          items.map((provider) => (
            <TableRow key={provider.agb}>
              <TableHeaderCell scope="row">{provider.name}</TableHeaderCell>
              <TableCell className="nowrap">{provider.agb}</TableCell>
              <TableCell>
                <span className={`badge ${provider.active ? 'badge--allowed' : 'badge--error'}`}>
                  {t(provider.active ? 'admin.status.active' : 'admin.status.inactive')}
                </span>
              </TableCell>
              <TableCell className="numeric">{number(provider.activeUsers)}</TableCell>
              <TableCell className="numeric">{number(provider.activeClients)}</TableCell>
            </TableRow>
          ))
        }
      />
    </div>
  );
}
