/**
 * "Dialoog voorbereiden": the contract manager picks a provider with data in a period, optionally
 * the product categories, and a meeting date; the API then freezes the snapshot (which can take
 * several seconds) and the workspace opens. `?provider=AGB&period=…` prefills, for links from the
 * comparison pages.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useUser } from '../../session';
import { defaultPeriod } from '../compare/figures';
import { failure, loadChoices, useLoad } from '../compare/load';
import { LoadFailed, Loading } from '../compare/status';
import { messages } from '../../messages';
import { existingDialogueId, todayInRegion } from './model';

/** The inputs the API's field names belong to. */
const fieldIds: Record<string, string> = {
  providerAgb: 'prepare-provider',
  period: 'prepare-period',
  productCategories: 'prepare-category-group',
  meetingDate: 'prepare-meetingDate',
};

export function PrepareDialoguePage() {
  const { t, pick } = useI18n();
  const user = useUser();
  const { search } = useLocation();
  const choices = useLoad(() => loadChoices(user.region), user.region);
  const [period, setPeriod] = useState(search.get('period') ?? '');
  const [provider, setProvider] = useState(search.get('provider') ?? '');
  const [categories, setCategories] = useState<string[]>([]);
  const [meetingDate, setMeetingDate] = useState('');
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [existing, setExisting] = useState<string>();
  const [busy, setBusy] = useState(false);

  // The newest finished period, once the choices are in and none was given.
  useEffect(() => {
    if (period === '' && choices.status === 'loaded') setPeriod(defaultPeriod(choices.data.periods, todayInRegion()) ?? '');
  }, [choices, period]);

  const providers = useLoad(
    (signal) =>
      api.get('/api/v1/submissions', { query: { period, status: 'current', limit: 500 }, signal }).then((list) => {
        const byAgb = new Map(list.submissions.map((s) => [s.providerAgb, s.providerName ?? s.providerAgb]));
        return [...byAgb].map(([agb, name]) => ({ agb, name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      }),
    period || undefined,
  );

  const fieldError = (fieldId: string): LocalizedText | undefined => errors.find((e) => e.fieldId === fieldId)?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setExisting(undefined);
    if (!provider) {
      setErrors([{ message: messages['prepare.provider.required'], fieldId: 'prepare-provider' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const dialogue = await api.post('/api/v1/dialogues', {
        body: { providerAgb: provider, period, ...(categories.length ? { productCategories: categories } : {}), ...(meetingDate ? { meetingDate } : {}) },
      });
      navigate(`/dialogues/${dialogue.id}`);
    } catch (error) {
      setBusy(false);
      setExisting(existingDialogueId(error));
      const items = error instanceof ApiError ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: fieldIds[e.field] })) : [];
      setErrors(items.length ? items : [{ message: failure(error) }]);
    }
  };

  return (
    <div className="container section dialogue-page">
      <p>
        <Link to="/dialogues">{t('dialogue.back')}</Link>
      </p>
      <h1>{t('prepare.title')}</h1>
      <p className="lead">{t('prepare.intro')}</p>
      {choices.status === 'loading' && <Loading />}
      {choices.status === 'failed' && <LoadFailed message={choices.message} />}
      {choices.status === 'loaded' && (
        <form className="form" onSubmit={submit} noValidate>
          <ErrorSummary title={t('prepare.errors')} items={errors} />
          {existing && (
            <p className="notice notice--warning">
              <Link to={`/dialogues/${existing}`}>{t('prepare.openExisting')}</Link>
            </p>
          )}
          <div className="field">
            <label className="field__label" htmlFor="prepare-period">
              {t('dialogues.col.period')}
            </label>
            <select id="prepare-period" className="field__input" value={period} onChange={(event) => setPeriod(event.currentTarget.value)}>
              {choices.data.periods.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${fieldError('prepare-provider') ? ' field--error' : ''}`}>
            <label className="field__label" htmlFor="prepare-provider">
              {t('dialogues.col.provider')}
            </label>
            <p className="field__hint" id="prepare-provider-hint">
              {t('prepare.provider.hint')}
            </p>
            {fieldError('prepare-provider') && <p className="field__error">{pick(fieldError('prepare-provider')!)}</p>}
            {providers.status === 'loading' && <Loading />}
            {providers.status === 'failed' && <LoadFailed message={providers.message} />}
            {providers.status === 'loaded' && (
              <select
                id="prepare-provider"
                className="field__input"
                aria-describedby="prepare-provider-hint"
                value={provider}
                onChange={(event) => setProvider(event.currentTarget.value)}
              >
                <option value="">{t('prepare.provider.choose', { count: providers.data.length })}</option>
                {providers.data.map((p) => (
                  <option key={p.agb} value={p.agb}>
                    {p.name} ({p.agb})
                  </option>
                ))}
              </select>
            )}
          </div>
          <fieldset className="choice-group" id="prepare-category-group" tabIndex={-1}>
            <legend className="choice-group__legend">{t('prepare.categories')}</legend>
            <p className="field__hint">{t('prepare.categories.hint')}</p>
            <div className="checkbox-grid">
              {choices.data.categories.map((category) => (
                <div className="choice" key={category.code}>
                  <input
                    type="checkbox"
                    id={`prepare-category-${category.code}`}
                    checked={categories.includes(category.code)}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      setCategories((current) => (checked ? [...current, category.code] : current.filter((c) => c !== category.code)));
                    }}
                  />
                  <label htmlFor={`prepare-category-${category.code}`}>
                    {category.code} {pick(category)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <Field
            id="prepare-meetingDate"
            type="date"
            label={t('dialogue.meetingDate')}
            hint={t('prepare.meetingDate.hint')}
            value={meetingDate}
            error={fieldError('prepare-meetingDate')}
            onChange={(event) => setMeetingDate(event.currentTarget.value)}
          />
          <div className="actions actions--tight">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t(busy ? 'prepare.busy' : 'prepare.submit')}
            </button>
            <p className="muted save-status" role="status">
              {busy ? t('prepare.busyHint') : ''}
            </p>
          </div>
        </form>
      )}
    </div>
  );
}
