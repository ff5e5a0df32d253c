/**
 * The region's provider organisations (functional administrator): the list with how many active
 * accounts and API clients each has, and adding one by AGB code and name.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { LoadFailed, Loading } from '../compare/status';
import { OutcomeLine, useResource, type Outcome } from './common';
import { TableScroll } from '../../components/TableScroll';

export function ProvidersPage() {
  const { t, number } = useI18n();
  const [providers, update] = useResource((signal) => api.get('/api/v1/admin/providers', { signal }).then((r) => r.providers));
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
      const created = await api.post('/api/v1/admin/providers', { body: { agb, name: name.trim() } });
      update((list) => [...list, { ...created, active: true, activeClients: 0, activeUsers: 0 }].sort((a, b) => a.name.localeCompare(b.name, 'nl')));
      setAgb('');
      setName('');
      setOutcome({ kind: 'done', text: t('admin.providers.added', { name: created.name, agb: created.agb }) });
    } catch (error) {
      const items = error instanceof ApiError ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: e.field === 'agb' ? 'new-provider-agb' : 'new-provider-name' })) : [];
      setErrors(items.length ? items : [{ message: error instanceof ApiError ? error.localized : messages['common.unknownError'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="container section admin">
      <h1>{t('admin.providers.title')}</h1>
      <p className="lead">{t('admin.providers.intro')}</p>
      <section className="panel" aria-labelledby="new-provider-title">
        <h2 id="new-provider-title">{t('admin.providers.new')}</h2>
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
            <Field id="new-provider-name" label={t('admin.providers.name')} maxLength={200} value={name} error={errors.find((e) => e.fieldId === 'new-provider-name')?.message} onChange={(event) => setName(event.currentTarget.value)} />
          </div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('admin.providers.add')}
          </button>
        </form>
      </section>
      <section className="section-block" aria-labelledby="providers-list">
        <h2 id="providers-list">{t('admin.providers.list')}</h2>
        <OutcomeLine outcome={outcome} />
        {providers.status === 'loading' && <Loading />}
        {providers.status === 'failed' && <LoadFailed message={providers.message} />}
        {providers.status === 'loaded' && (
          <TableScroll>
            <table className="data-table admin-table">
              <caption className="visually-hidden">{t('admin.providers.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.providers.name')}</th>
                  <th scope="col">{t('admin.providers.agb')}</th>
                  <th scope="col">{t('admin.users.col.status')}</th>
                  <th scope="col" className="numeric">
                    {t('admin.providers.users')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('admin.providers.clients')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {providers.data.map((provider) => (
                  <tr key={provider.agb}>
                    <th scope="row">{provider.name}</th>
                    <td className="nowrap">{provider.agb}</td>
                    <td>
                      <span className={`badge ${provider.active ? 'badge--allowed' : 'badge--error'}`}>{t(provider.active ? 'admin.status.active' : 'admin.status.inactive')}</span>
                    </td>
                    <td className="numeric">{number(provider.activeUsers)}</td>
                    <td className="numeric">{number(provider.activeClients)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
