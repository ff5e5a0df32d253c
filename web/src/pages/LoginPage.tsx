/**
 * Login with e-mail, password and a 6-digit TOTP code. The session cookie comes back httpOnly;
 * the shell then sends the user on (to `next`, or the role's start page). Errors are kept as
 * bilingual texts, so they follow the language switch; the browser's own validation is off
 * (`noValidate`) because it would speak the browser's language, not the one chosen here.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { ApiError, type LocalizedText } from '../data/client';
import { ErrorSummary, type SummaryItem } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n';
import { messages } from '../messages';
import { useSession } from '../session';

const fields = ['email', 'password', 'totp'] as const;
type FieldName = (typeof fields)[number];
type Values = Record<FieldName, string>;
type FieldErrors = Partial<Record<FieldName, LocalizedText>>;

const fieldId = (name: FieldName) => `login-${name}`;

function validate(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  const email = values.email.trim();
  if (!email) errors.email = messages['login.error.emailRequired'];
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.email = messages['login.error.emailInvalid'];
  if (!values.password) errors.password = messages['login.error.passwordRequired'];
  if (!values.totp.trim()) errors.totp = messages['login.error.totpRequired'];
  else if (!/^[0-9]{6}$/.test(values.totp.trim())) errors.totp = messages['login.error.totpFormat'];
  return errors;
}

export function LoginPage() {
  const { t } = useI18n();
  const { state, login } = useSession();
  const [values, setValues] = useState<Values>({ email: '', password: '', totp: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<LocalizedText[]>([]);
  const [busy, setBusy] = useState(false);

  const reason = state.status === 'anonymous' ? state.reason : undefined;

  const update = (name: FieldName) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setValues((current) => ({ ...current, [name]: value }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const found = validate(values);
    setErrors(found);
    setGeneral([]);
    const firstInvalid = fields.find((name) => found[name]);
    if (firstInvalid) {
      document.getElementById(fieldId(firstInvalid))?.focus();
      return;
    }
    setBusy(true);
    try {
      await login({ email: values.email.trim(), password: values.password, totp: values.totp.trim() });
      // The shell sees the session and moves on; nothing more to do here.
    } catch (error) {
      const byField: FieldErrors = {};
      const rest: LocalizedText[] = [];
      if (error instanceof ApiError) {
        for (const item of error.fieldErrors) {
          if ((fields as readonly string[]).includes(item.field)) byField[item.field as FieldName] = item.message;
          else rest.push(item.message);
        }
        rest.push(...error.otherErrors);
        // The main message only when no item says more (a 422 says "validation failed" above its items).
        if (Object.keys(byField).length === 0 && rest.length === 0) rest.push(error.localized);
      } else {
        rest.push(messages['common.unknownError']);
      }
      setErrors(byField);
      setGeneral(rest);
      // A TOTP code is only valid for a short while: clear it so the next attempt uses a fresh one.
      setValues((current) => ({ ...current, totp: '' }));
    } finally {
      setBusy(false);
    }
  };

  const summary: SummaryItem[] = [
    ...fields.flatMap((name) => (errors[name] ? [{ message: errors[name]!, fieldId: fieldId(name) }] : [])),
    ...general.map((message) => ({ message })),
  ];

  return (
    <div className="container section narrow">
      <Heading level={1}>{t('login.title')}</Heading>
      {reason && (
        <Notice tone={reason === 'expired' ? 'warning' : 'info'} live="status">
          {t(reason === 'expired' ? 'login.expired' : 'login.loggedOut')}
        </Notice>
      )}
      <Paragraph>{t('login.intro')}</Paragraph>
      <ErrorSummary title={t('login.errors.title')} items={summary} />
      <form className="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
        <Field
          id={fieldId('email')}
          name="email"
          type="email"
          label={t('login.email')}
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="none"
          required
          value={values.email}
          onChange={update('email')}
          error={errors.email}
        />
        <Field
          id={fieldId('password')}
          name="password"
          type="password"
          label={t('login.password')}
          autoComplete="current-password"
          required
          value={values.password}
          onChange={update('password')}
          error={errors.password}
        />
        <Field
          id={fieldId('totp')}
          name="totp"
          type="text"
          label={t('login.totp')}
          hint={t('login.totp.hint')}
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          className="field--short"
          value={values.totp}
          onChange={update('totp')}
          error={errors.totp}
        />
        <Button type="submit" appearance="primary-action-button">
          {busy ? t('login.busy') : t('login.submit')}
        </Button>
      </form>
      <Paragraph className="muted">{t('login.help')}</Paragraph>
    </div>
  );
}
