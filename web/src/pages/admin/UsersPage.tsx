/**
 * Accounts of the region (functional administrator): create one — its one-time password and TOTP
 * secret are shown once, here, and never again —, disable or enable, change the role, and reset
 * the second factor (a new TOTP secret, also shown once). Every change is in the access log.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { allRoles } from '../../routes';
import { useUser, type Role } from '../../session';
import { LoadFailed, Loading } from '../compare/status';
import { failed, OneTimeSecrets, OutcomeLine, useResource, type Outcome, type Secret } from './common';
import { TableScroll } from '../../components/TableScroll';

type AdminUser = components['schemas']['AdminUser'];
type Shown = { title: string; intro: string; secrets: Secret[] };

export function UsersPage() {
  const { t } = useI18n();
  const [users, update] = useResource((signal) => api.get('/api/v1/admin/users', { signal }).then((r) => r.users));
  const [outcome, setOutcome] = useState<Outcome>();
  const [shown, setShown] = useState<Shown>();
  const replace = (user: AdminUser) => update((list) => list.map((u) => (u.id === user.id ? user : u)));

  return (
    <div className="container section admin">
      <h1>{t('admin.users.title')}</h1>
      <p className="lead">{t('admin.users.intro')}</p>
      {shown && <OneTimeSecrets {...shown} onDismiss={() => setShown(undefined)} />}
      <CreateUserForm
        onCreated={(created) => {
          update((list) => [...list, created.user]);
          setOutcome(undefined);
          setShown({
            title: t('admin.users.created.title', { email: created.user.email }),
            intro: t('admin.users.created.intro'),
            secrets: [
              { label: t('admin.users.secret.password'), value: created.password },
              { label: t('admin.users.secret.totp'), value: created.totpSecret },
              { label: t('admin.users.secret.otpauth'), value: created.otpauthUri },
            ],
          });
        }}
      />
      <section className="section-block" aria-labelledby="users-list">
        <h2 id="users-list">{t('admin.users.list')}</h2>
        <OutcomeLine outcome={outcome} />
        {users.status === 'loading' && <Loading />}
        {users.status === 'failed' && <LoadFailed message={users.message} />}
        {users.status === 'loaded' && (
          <TableScroll>
            <table className="data-table admin-table">
              <caption className="visually-hidden">{t('admin.users.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.col.account')}</th>
                  <th scope="col">{t('admin.users.col.role')}</th>
                  <th scope="col">{t('admin.users.col.organisation')}</th>
                  <th scope="col">{t('admin.users.col.status')}</th>
                  <th scope="col">{t('admin.col.manage')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((user) => (
                  <UserRow key={user.id} user={user} onChanged={replace} onOutcome={setOutcome} onSecrets={setShown} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

function UserRow({ user, onChanged, onOutcome, onSecrets }: { user: AdminUser; onChanged: (user: AdminUser) => void; onOutcome: (outcome: Outcome) => void; onSecrets: (shown: Shown) => void }) {
  const { t, language } = useI18n();
  const me = useUser();
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const self = me.id === user.id;
  const name = user.displayName ?? user.email;

  const change = async (body: { disabled?: boolean; role?: Role }, done: string) => {
    setBusy(true);
    try {
      const saved = await api.patch('/api/v1/admin/users/{id}', { path: { id: user.id }, body });
      onChanged(saved);
      setRole(saved.role);
      onOutcome({ kind: 'done', text: done });
    } catch (error) {
      setRole(user.role);
      onOutcome(failed(error));
    } finally {
      setBusy(false);
    }
  };

  const reset = async () => {
    setBusy(true);
    setConfirmReset(false);
    try {
      const secret = await api.post('/api/v1/admin/users/{id}/second-factor', { path: { id: user.id } });
      onOutcome(undefined);
      onSecrets({
        title: t('admin.users.reset.title', { email: user.email }),
        intro: t('admin.users.reset.intro'),
        secrets: [
          { label: t('admin.users.secret.totp'), value: secret.totpSecret },
          { label: t('admin.users.secret.otpauth'), value: secret.otpauthUri },
        ],
      });
    } catch (error) {
      onOutcome(failed(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr className={user.disabled ? 'row--disabled' : undefined}>
      <th scope="row">
        {user.email}
        {user.displayName && <span className="figure__detail">{user.displayName}</span>}
        {self && <span className="figure__detail">{t('admin.users.self')}</span>}
        <span className="figure__detail">{t('admin.users.createdAt', { at: formatDateTime(user.createdAt, language) })}</span>
      </th>
      <td>
        <label className="visually-hidden" htmlFor={`user-${user.id}-role`}>
          {t('admin.users.roleOf', { name })}
        </label>
        <select id={`user-${user.id}-role`} className="field__input field__input--compact" value={role} disabled={busy || self} onChange={(event) => setRole(event.currentTarget.value as Role)}>
          {allRoles.map((value) => (
            <option key={value} value={value}>
              {t(`role.${value}`)}
            </option>
          ))}
        </select>
        {role !== user.role && (
          <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void change({ role }, t('admin.users.roleChanged', { name, role: t(`role.${role}`) }))}>
            {t('admin.users.changeRole')}
          </button>
        )}
      </td>
      <td>
        {user.organisation.name}
        {user.organisation.code && <span className="figure__detail">{user.organisation.code}</span>}
      </td>
      <td>
        <span className={`badge ${user.disabled ? 'badge--error' : 'badge--allowed'}`}>{t(user.disabled ? 'admin.status.disabled' : 'admin.status.active')}</span>
        {user.failedLogins > 0 && <span className="figure__detail">{t('admin.users.failedLogins', { count: user.failedLogins })}</span>}
      </td>
      <td>
        <div className="row-actions">
          {!self && (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              onClick={() => void change({ disabled: !user.disabled }, t(user.disabled ? 'admin.users.enabled' : 'admin.users.disabled', { name }))}
            >
              {t(user.disabled ? 'admin.users.enable' : 'admin.users.disable')}
              <span className="visually-hidden"> {user.email}</span>
            </button>
          )}
          {!confirmReset ? (
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => setConfirmReset(true)}>
              {t('admin.users.reset')}
              <span className="visually-hidden"> {user.email}</span>
            </button>
          ) : (
            <span className="confirm" role="group" aria-label={t('admin.users.reset.confirm', { name })}>
              <span>{t('admin.users.reset.confirm', { name })}</span>
              <button type="button" className="button button--primary button--small" onClick={() => void reset()}>
                {t('admin.confirm.yes')}
              </button>
              <button type="button" className="button button--secondary button--small" onClick={() => setConfirmReset(false)}>
                {t('admin.confirm.no')}
              </button>
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (created: components['schemas']['CreatedUser']) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('contract_manager');
  const [orgCode, setOrgCode] = useState('');
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const needsOrg = role === 'provider' || role === 'municipality';
  const errorFor = (id: string): LocalizedText | undefined => errors.find((e) => e.fieldId === id)?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: SummaryItem[] = [];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) found.push({ message: messages['admin.users.email.invalid'], fieldId: 'new-user-email' });
    if (needsOrg && orgCode.trim() === '') found.push({ message: messages[role === 'provider' ? 'admin.users.org.provider' : 'admin.users.org.municipality'], fieldId: 'new-user-org' });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const created = await api.post('/api/v1/admin/users', {
        body: { email: email.trim(), role, ...(needsOrg ? { orgCode: orgCode.trim() } : {}), ...(displayName.trim() ? { displayName: displayName.trim() } : {}) },
      });
      setEmail('');
      setDisplayName('');
      setOrgCode('');
      onCreated(created);
    } catch (error) {
      const fields: Record<string, string> = { email: 'new-user-email', role: 'new-user-role', orgCode: 'new-user-org', displayName: 'new-user-name' };
      const items = error instanceof ApiError ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: fields[e.field] })) : [];
      setErrors(items.length ? items : [{ message: error instanceof ApiError ? error.localized : messages['common.unknownError'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('admin.users.new')}</h2>
      <form className="form form--tight" onSubmit={submit} noValidate>
        <ErrorSummary title={t('admin.errors')} items={errors} />
        <div className="form-row">
          <Field id="new-user-email" type="email" autoComplete="off" label={t('admin.users.email')} value={email} error={errorFor('new-user-email')} onChange={(event) => setEmail(event.currentTarget.value)} />
          <Field id="new-user-name" label={t('admin.users.displayName')} hint={t('admin.users.displayName.hint')} value={displayName} maxLength={120} onChange={(event) => setDisplayName(event.currentTarget.value)} />
        </div>
        <div className="form-row">
          <div className="field">
            <label className="field__label" htmlFor="new-user-role">
              {t('admin.users.col.role')}
            </label>
            <select id="new-user-role" className="field__input" value={role} onChange={(event) => setRole(event.currentTarget.value as Role)}>
              {allRoles.map((value) => (
                <option key={value} value={value}>
                  {t(`role.${value}`)}
                </option>
              ))}
            </select>
          </div>
          {needsOrg && (
            <Field
              id="new-user-org"
              label={t(role === 'provider' ? 'admin.users.org.agb' : 'admin.users.org.gemeente')}
              hint={t(role === 'provider' ? 'admin.users.org.agbHint' : 'admin.users.org.gemeenteHint')}
              value={orgCode}
              inputMode="numeric"
              error={errorFor('new-user-org')}
              onChange={(event) => setOrgCode(event.currentTarget.value)}
            />
          )}
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('admin.users.create')}
        </button>
      </form>
    </section>
  );
}
