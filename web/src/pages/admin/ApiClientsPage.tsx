/**
 * The providers' API clients (OAuth2 client credentials, for uploading from their own systems):
 * the list, creating one — its secret is shown once, here — and disabling or enabling one.
 */
import { Button, Heading, Paragraph, TableCell, TableRow, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { client as api, ok, ApiError, type LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { Field, FormFieldShell } from '../../components/Field';
import { Select } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { useAdminProviders, useApiClients } from '../../data/admin';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { LoadFailed, Loading } from '../../components/Status';
import { failed, OneTimeSecrets, AdminListSection, type Outcome, type Secret } from './common';

type ApiClient = components['schemas']['AdminApiClient'];

export function ApiClientsPage() {
  const { t, language } = useI18n();
  const [clients, update] = useApiClients();
  const [providers] = useAdminProviders();
  const [provider, setProvider] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<LocalizedText>();
  const [secrets, setSecrets] = useState<{ title: string; secrets: Secret[] }>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const providerName = (agb: string) =>
    (providers.status === 'loaded' ? providers.data.find((p) => p.agb === agb)?.name : undefined) ?? agb;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    if (!provider) return setError(messages['admin.clients.provider.required']);
    setError(undefined);
    setBusy(true);
    try {
      const created = ok(
        await api.POST('/admin/api-clients', { body: { providerAgb: provider, ...(name.trim() ? { name: name.trim() } : {}) } }),
      );
      const list = ok(await api.GET('/admin/api-clients'));
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
      const saved = ok(
        await api.PATCH('/admin/api-clients/{clientId}', {
          params: { path: { clientId: client.clientId } },
          body: { disabled: !client.disabled },
        }),
      );
      update((list) => list.map((c) => (c.clientId === saved.clientId ? saved : c)));
      setOutcome({ kind: 'done', text: t(saved.disabled ? 'admin.clients.disabled' : 'admin.clients.enabled', { name: saved.name }) });
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };

  return (
    <div className="container section admin">
      <Heading level={1}>{t('admin.clients.title')}</Heading>
      <Paragraph purpose="lead">{t('admin.clients.intro')}</Paragraph>
      {secrets && (
        <OneTimeSecrets
          title={secrets.title}
          intro={t('admin.clients.created.intro')}
          secrets={secrets.secrets}
          onDismiss={() => setSecrets(undefined)}
        />
      )}
      <section className="panel" aria-labelledby="new-client-title">
        <Heading level={2} id="new-client-title">
          {t('admin.clients.new')}
        </Heading>
        <form className="form form--tight" onSubmit={submit} noValidate>
          <div className="form-row">
            <FormFieldShell id="new-client-provider" label={t('dialogues.col.provider')} errors={error ? [error] : []} announceErrors>
              {({ describedBy, invalid }) =>
                providers.status === 'loaded' ? (
                  <Select
                    id="new-client-provider"
                    invalid={invalid}
                    aria-describedby={describedBy}
                    value={provider}
                    onChange={(event) => setProvider(event.currentTarget.value)}
                  >
                    <option value="">{t('admin.clients.provider.choose')}</option>
                    {providers.data.map((p) => (
                      <option key={p.agb} value={p.agb}>
                        {p.name} ({p.agb})
                      </option>
                    ))}
                  </Select>
                ) : providers.status === 'failed' ? (
                  <LoadFailed message={providers.message} />
                ) : (
                  <Loading />
                )
              }
            </FormFieldShell>
            <Field
              id="new-client-name"
              label={t('admin.clients.name')}
              hint={t('admin.clients.name.hint')}
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
            />
          </div>
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            {t('admin.clients.create')}
          </Button>
        </form>
      </section>
      <AdminListSection
        id="clients-list"
        title={t('admin.clients.list')}
        outcome={outcome}
        list={clients}
        columns={[
          { label: t('admin.clients.name') },
          { label: t('admin.clients.clientId') },
          { label: t('dialogues.col.provider') },
          { label: t('admin.clients.scopes') },
          { label: t('admin.users.col.status') },
          { label: t('admin.users.col.created') },
          { label: t('admin.col.manage') },
        ]}
        rows={(items) =>
          items.map((client) => (
            <TableRow key={client.clientId} className={client.disabled ? 'row--disabled' : undefined}>
              <TableHeaderCell scope="row">{client.name}</TableHeaderCell>
              <TableCell>
                <code className="code code--break">{client.clientId}</code>
              </TableCell>
              <TableCell>
                {providerName(client.providerAgb)}
                <span className="figure__detail">{client.providerAgb}</span>
              </TableCell>
              <TableCell>{client.scopes.join(', ')}</TableCell>
              <TableCell>
                <span className={`badge ${client.disabled ? 'badge--error' : 'badge--allowed'}`}>
                  {t(client.disabled ? 'admin.status.disabled' : 'admin.status.active')}
                </span>
              </TableCell>
              <TableCell className="nowrap">{formatDateTime(client.createdAt, language)}</TableCell>
              <TableCell>
                <Button appearance="secondary-action-button" className="button--small" onClick={() => void toggle(client)}>
                  {t(client.disabled ? 'admin.users.enable' : 'admin.users.disable')}
                  <VisuallyHidden> {client.name}</VisuallyHidden>
                </Button>
              </TableCell>
            </TableRow>
          ))
        }
      />
    </div>
  );
}
