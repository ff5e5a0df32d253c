/**
 * The region's provider organisations (functional administrator): the list with how many active
 * accounts and API clients each has, and adding one by AGB code and name.
 */
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { client, ok, ApiError } from '../../data/client';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useAdminProviders } from '../../data/admin';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { LoadFailed, Loading } from '../../components/Status';
import { OutcomeLine, type Outcome } from './common';
import { TableScroll } from '../../components/TableScroll';

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
      <section className="section-block" aria-labelledby="providers-list">
        <Heading level={2} id="providers-list">
          {t('admin.providers.list')}
        </Heading>
        <OutcomeLine outcome={outcome} />
        {providers.status === 'loading' && <Loading />}
        {providers.status === 'failed' && <LoadFailed message={providers.message} />}
        {providers.status === 'loaded' && (
          <TableScroll>
            <Table className="data-table admin-table">
              <TableCaption className="visually-hidden">{t('admin.providers.list')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('admin.providers.name')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('admin.providers.agb')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('admin.users.col.status')}</TableHeaderCell>
                  <TableHeaderCell scope="col" className="numeric">
                    {t('admin.providers.users')}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" className="numeric">
                    {t('admin.providers.clients')}
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {providers.data.map((provider) => (
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
                ))}
              </TableBody>
            </Table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
