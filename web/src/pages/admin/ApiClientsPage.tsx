/**
 * The providers' API clients (OAuth2 client credentials, for uploading from their own systems):
 * the list, creating one — its secret is shown once, here — and disabling or enabling one.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import type { components } from '../../api/schema';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { LoadFailed, Loading } from '../compare/status';
import { failed, OneTimeSecrets, OutcomeLine, useResource, type Outcome, type Secret } from './common';
import { TableScroll } from '../../components/TableScroll';

type ApiClient = components['schemas']['AdminApiClient'];

export function ApiClientsPage() {
  const { t, pick, language } = useI18n();
  const [clients, update] = useResource((signal) => api.get('/api/v1/admin/api-clients', { signal }).then((r) => r.clients));
  const [providers] = useResource((signal) => api.get('/api/v1/admin/providers', { signal }).then((r) => r.providers));
  const [provider, setProvider] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<LocalizedText>();
  const [secrets, setSecrets] = useState<{ title: string; secrets: Secret[] }>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const providerName = (agb: string) => (providers.status === 'loaded' ? providers.data.find((p) => p.agb === agb)?.name : undefined) ?? agb;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    if (!provider) return setError(messages['admin.clients.provider.required']);
    setError(undefined);
    setBusy(true);
    try {
      const created = await api.post('/api/v1/admin/api-clients', { body: { providerAgb: provider, ...(name.trim() ? { name: name.trim() } : {}) } });
      const list = await api.get('/api/v1/admin/api-clients');
      update(() => list.clients);
      setName('');
      setSecrets({
        title: t('admin.clients.created.title', { provider: providerName(provider) }),
        secrets: [
          { label: t('admin.clients.clientId'), value: created.clientId },
          { label: t('admin.clients.secret'), value: created.clientSecret },
        ],
      });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.localized : messages['common.unknownError']);
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (client: ApiClient) => {
    try {
      const saved = await api.patch('/api/v1/admin/api-clients/{clientId}', { path: { clientId: client.clientId }, body: { disabled: !client.disabled } });
      update((list) => list.map((c) => (c.clientId === saved.clientId ? saved : c)));
      setOutcome({ kind: 'done', text: t(saved.disabled ? 'admin.clients.disabled' : 'admin.clients.enabled', { name: saved.name }) });
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };

  return (
    <div className="container section admin">
      <h1>{t('admin.clients.title')}</h1>
      <p className="lead">{t('admin.clients.intro')}</p>
      {secrets && <OneTimeSecrets title={secrets.title} intro={t('admin.clients.created.intro')} secrets={secrets.secrets} onDismiss={() => setSecrets(undefined)} />}
      <section className="panel" aria-labelledby="new-client-title">
        <h2 id="new-client-title">{t('admin.clients.new')}</h2>
        <form className="form form--tight" onSubmit={submit} noValidate>
          <div className="form-row">
            <div className={`field${error ? ' field--error' : ''}`}>
              <label className="field__label" htmlFor="new-client-provider">
                {t('dialogues.col.provider')}
              </label>
              {error && (
                <p className="field__error" role="alert">
                  {pick(error)}
                </p>
              )}
              {providers.status === 'loaded' ? (
                <select id="new-client-provider" className="field__input" value={provider} onChange={(event) => setProvider(event.currentTarget.value)}>
                  <option value="">{t('admin.clients.provider.choose')}</option>
                  {providers.data.map((p) => (
                    <option key={p.agb} value={p.agb}>
                      {p.name} ({p.agb})
                    </option>
                  ))}
                </select>
              ) : providers.status === 'failed' ? (
                <LoadFailed message={providers.message} />
              ) : (
                <Loading />
              )}
            </div>
            <Field id="new-client-name" label={t('admin.clients.name')} hint={t('admin.clients.name.hint')} maxLength={200} value={name} onChange={(event) => setName(event.currentTarget.value)} />
          </div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('admin.clients.create')}
          </button>
        </form>
      </section>
      <section className="section-block" aria-labelledby="clients-list">
        <h2 id="clients-list">{t('admin.clients.list')}</h2>
        <OutcomeLine outcome={outcome} />
        {clients.status === 'loading' && <Loading />}
        {clients.status === 'failed' && <LoadFailed message={clients.message} />}
        {clients.status === 'loaded' && (
          <TableScroll>
            <table className="data-table admin-table">
              <caption className="visually-hidden">{t('admin.clients.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.clients.name')}</th>
                  <th scope="col">{t('admin.clients.clientId')}</th>
                  <th scope="col">{t('dialogues.col.provider')}</th>
                  <th scope="col">{t('admin.clients.scopes')}</th>
                  <th scope="col">{t('admin.users.col.status')}</th>
                  <th scope="col">{t('admin.users.col.created')}</th>
                  <th scope="col">{t('admin.col.manage')}</th>
                </tr>
              </thead>
              <tbody>
                {clients.data.map((client) => (
                  <tr key={client.clientId} className={client.disabled ? 'row--disabled' : undefined}>
                    <th scope="row">{client.name}</th>
                    <td>
                      <code className="code code--break">{client.clientId}</code>
                    </td>
                    <td>
                      {providerName(client.providerAgb)}
                      <span className="figure__detail">{client.providerAgb}</span>
                    </td>
                    <td>{client.scopes.join(', ')}</td>
                    <td>
                      <span className={`badge ${client.disabled ? 'badge--error' : 'badge--allowed'}`}>{t(client.disabled ? 'admin.status.disabled' : 'admin.status.active')}</span>
                    </td>
                    <td className="nowrap">{formatDateTime(client.createdAt, language)}</td>
                    <td>
                      <button type="button" className="button button--secondary button--small" onClick={() => void toggle(client)}>
                        {t(client.disabled ? 'admin.users.enable' : 'admin.users.disable')}
                        <span className="visually-hidden"> {client.name}</span>
                      </button>
                    </td>
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
