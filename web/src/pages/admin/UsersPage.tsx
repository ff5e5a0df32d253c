/**
 * Accounts of the region (functional administrator): create one — its one-time password and TOTP
 * secret are shown once, here, and never again —, disable or enable, change the role, and reset
 * the second factor (a new TOTP secret, also shown once). Every change is in the access log.
 */
import { Button, Heading, Paragraph, TableCell, TableRow, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { client, ok, ApiError, type LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Select, SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { useAdminUsers } from '../../data/admin';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { allRoles } from '../../route-types';
import { useUser, type Role } from '../../session';
import { failed, OneTimeSecrets, AdminListSection, type Outcome, type Secret } from './common';

type AdminUser = components['schemas']['AdminUser'];
type Shown = { title: string; intro: string; secrets: Secret[] };

export function UsersPage() {
  const { t } = useI18n();
  const [users, update] = useAdminUsers();
  const [outcome, setOutcome] = useState<Outcome>();
  const [shown, setShown] = useState<Shown>();
  const replace = (user: AdminUser) => update((list) => list.map((u) => (u.id === user.id ? user : u)));

  return (
    <div className="container section admin">
      <Heading level={1}>{t('admin.users.title')}</Heading>
      <Paragraph purpose="lead">{t('admin.users.intro')}</Paragraph>
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
      <AdminListSection
        id="users-list"
        title={t('admin.users.list')}
        outcome={outcome}
        list={users}
        columns={[
          { label: t('admin.users.col.account') },
          { label: t('admin.users.col.role') },
          { label: t('admin.users.col.organisation') },
          { label: t('admin.users.col.status') },
          { label: t('admin.col.manage') },
        ]}
        rows={(items) =>
          items.map((user) => <UserRow key={user.id} user={user} onChanged={replace} onOutcome={setOutcome} onSecrets={setShown} />)
        }
      />
    </div>
  );
}

function UserRow({
  user,
  onChanged,
  onOutcome,
  onSecrets,
}: {
  user: AdminUser;
  onChanged: (user: AdminUser) => void;
  onOutcome: (outcome: Outcome) => void;
  onSecrets: (shown: Shown) => void;
}) {
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
      const saved = ok(await client.PATCH('/admin/users/{id}', { params: { path: { id: user.id } }, body }));
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
      const secret = ok(await client.POST('/admin/users/{id}/second-factor', { params: { path: { id: user.id } } }));
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
    <TableRow className={user.disabled ? 'row--disabled' : undefined}>
      <TableHeaderCell scope="row">
        {user.email}
        {user.displayName && <span className="figure__detail">{user.displayName}</span>}
        {self && <span className="figure__detail">{t('admin.users.self')}</span>}
        <span className="figure__detail">{t('admin.users.createdAt', { at: formatDateTime(user.createdAt, language) })}</span>
      </TableHeaderCell>
      <TableCell>
        <label className="visually-hidden" htmlFor={`user-${user.id}-role`}>
          {t('admin.users.roleOf', { name })}
        </label>
        <Select
          id={`user-${user.id}-role`}
          className="control--compact"
          value={role}
          disabled={busy || self}
          onChange={(event) => setRole(event.currentTarget.value as Role)}
        >
          {allRoles.map((value) => (
            <option key={value} value={value}>
              {t(`role.${value}`)}
            </option>
          ))}
        </Select>
        {role !== user.role && (
          <Button
            appearance="secondary-action-button"
            className="button--small"
            disabled={busy}
            onClick={() => void change({ role }, t('admin.users.roleChanged', { name, role: t(`role.${role}`) }))}
          >
            {t('admin.users.changeRole')}
          </Button>
        )}
      </TableCell>
      <TableCell>
        {user.organisation.name}
        {user.organisation.code && <span className="figure__detail">{user.organisation.code}</span>}
      </TableCell>
      <TableCell>
        <span className={`badge ${user.disabled ? 'badge--error' : 'badge--allowed'}`}>
          {t(user.disabled ? 'admin.status.disabled' : 'admin.status.active')}
        </span>
        {user.failedLogins > 0 && <span className="figure__detail">{t('admin.users.failedLogins', { count: user.failedLogins })}</span>}
      </TableCell>
      <TableCell>
        <div className="row-actions">
          {!self && (
            <Button
              appearance="secondary-action-button"
              className="button--small"
              disabled={busy}
              onClick={() =>
                void change({ disabled: !user.disabled }, t(user.disabled ? 'admin.users.enabled' : 'admin.users.disabled', { name }))
              }
            >
              {t(user.disabled ? 'admin.users.enable' : 'admin.users.disable')}
              <VisuallyHidden> {user.email}</VisuallyHidden>
            </Button>
          )}
          {!confirmReset ? (
            <Button appearance="secondary-action-button" className="button--small" disabled={busy} onClick={() => setConfirmReset(true)}>
              {t('admin.users.reset')}
              <VisuallyHidden> {user.email}</VisuallyHidden>
            </Button>
          ) : (
            <span className="confirm" role="group" aria-label={t('admin.users.reset.confirm', { name })}>
              <span>{t('admin.users.reset.confirm', { name })}</span>
              <Button appearance="primary-action-button" className="button--small" onClick={() => void reset()}>
                {t('admin.confirm.yes')}
              </Button>
              <Button appearance="secondary-action-button" className="button--small" onClick={() => setConfirmReset(false)}>
                {t('admin.confirm.no')}
              </Button>
            </span>
          )}
        </div>
      </TableCell>
    </TableRow>
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
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      found.push({ message: messages['admin.users.email.invalid'], fieldId: 'new-user-email' });
    if (needsOrg && orgCode.trim() === '')
      found.push({
        message: messages[role === 'provider' ? 'admin.users.org.provider' : 'admin.users.org.municipality'],
        fieldId: 'new-user-org',
      });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const created = ok(
        await client.POST('/admin/users', {
          body: {
            email: email.trim(),
            role,
            ...(needsOrg ? { orgCode: orgCode.trim() } : {}),
            ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
          },
        }),
      );
      setEmail('');
      setDisplayName('');
      setOrgCode('');
      onCreated(created);
    } catch (error) {
      const fields: Record<string, string> = {
        email: 'new-user-email',
        role: 'new-user-role',
        orgCode: 'new-user-org',
        displayName: 'new-user-name',
      };
      const items = error instanceof ApiError ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: fields[e.field] })) : [];
      setErrors(items.length ? items : [{ message: error instanceof ApiError ? error.localized : messages['common.unknownError'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-user-title">
      <Heading level={2} id="new-user-title">
        {t('admin.users.new')}
      </Heading>
      <form className="form form--tight" onSubmit={submit} noValidate>
        <ErrorSummary title={t('admin.errors')} items={errors} />
        <div className="form-row">
          <Field
            id="new-user-email"
            type="email"
            autoComplete="off"
            label={t('admin.users.email')}
            value={email}
            error={errorFor('new-user-email')}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <Field
            id="new-user-name"
            label={t('admin.users.displayName')}
            hint={t('admin.users.displayName.hint')}
            value={displayName}
            maxLength={120}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
          />
        </div>
        <div className="form-row">
          <SelectField
            id="new-user-role"
            label={t('admin.users.col.role')}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as Role)}
          >
            {allRoles.map((value) => (
              <option key={value} value={value}>
                {t(`role.${value}`)}
              </option>
            ))}
          </SelectField>
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
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          {t('admin.users.create')}
        </Button>
      </form>
    </section>
  );
}
