/**
 * "Dialoog voorbereiden": the contract manager picks a provider with data in a period, optionally
 * the product categories, and a meeting date; the API then freezes the snapshot (which can take
 * several seconds) and the workspace opens. `?provider=AGB&period=…` prefills, for links from the
 * comparison pages.
 */
import { Button, Fieldset, FormFieldCheckboxOption, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useState, type FormEvent } from 'react';
import { client, ok, ApiError, type LocalizedText } from '../../data/client';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field, FormFieldShell } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { Select, SelectField } from '../../components/Select';
import { useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useUser } from '../../session';
import { defaultPeriod } from '../../figures/indicators';
import { failure } from '../../data/client';
import { useChoices } from '../../data/indicators';
import { useSubmissions } from '../../data/submissions';
import { LoadFailed, Loading } from '../../components/Status';
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
  const choices = useChoices(user.region);
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

  const current = useSubmissions(period ? { period, status: 'current', limit: 500 } : undefined);
  const providers = current.status === 'loaded' ? { status: 'loaded' as const, data: providersOf(current.data.submissions) } : current;

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
      const dialogue = ok(
        await client.POST('/dialogues', {
          body: {
            providerAgb: provider,
            period,
            ...(categories.length ? { productCategories: categories } : {}),
            ...(meetingDate ? { meetingDate } : {}),
          },
        }),
      );
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
      <Paragraph>
        <Link to="/dialogues">{t('dialogue.back')}</Link>
      </Paragraph>
      <Heading level={1}>{t('prepare.title')}</Heading>
      <Paragraph purpose="lead">{t('prepare.intro')}</Paragraph>
      {choices.status === 'loading' && <Loading />}
      {choices.status === 'failed' && <LoadFailed message={choices.message} />}
      {choices.status === 'loaded' && (
        <form className="form" onSubmit={submit} noValidate>
          <ErrorSummary title={t('prepare.errors')} items={errors} />
          {existing && (
            <Notice tone="warning">
              <Link to={`/dialogues/${existing}`}>{t('prepare.openExisting')}</Link>
            </Notice>
          )}
          <SelectField
            id="prepare-period"
            label={t('dialogues.col.period')}
            value={period}
            onChange={(event) => setPeriod(event.currentTarget.value)}
          >
            {choices.data.periods.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code}
              </option>
            ))}
          </SelectField>
          <FormFieldShell
            id="prepare-provider"
            label={t('dialogues.col.provider')}
            hint={t('prepare.provider.hint')}
            errors={fieldError('prepare-provider') ? [fieldError('prepare-provider')!] : []}
          >
            {({ describedBy, invalid }) => (
              <>
                {providers.status === 'loading' && <Loading />}
                {providers.status === 'failed' && <LoadFailed message={providers.message} />}
                {providers.status === 'loaded' && (
                  <Select
                    id="prepare-provider"
                    invalid={invalid}
                    aria-describedby={describedBy}
                    value={provider}
                    onChange={(event) => setProvider(event.currentTarget.value)}
                  >
                    <option value="">{t('prepare.provider.choose', { count: providers.data.length })}</option>
                    {providers.data.map((p) => (
                      <option key={p.agb} value={p.agb}>
                        {p.name} ({p.agb})
                      </option>
                    ))}
                  </Select>
                )}
              </>
            )}
          </FormFieldShell>
          <Fieldset className="choice-group" id="prepare-category-group" tabIndex={-1} legend={t('prepare.categories')}>
            <Paragraph className="hint">{t('prepare.categories.hint')}</Paragraph>
            <div className="checkbox-grid">
              {choices.data.categories.map((category) => (
                <FormFieldCheckboxOption
                  className="choice"
                  key={category.code}
                  label={`${category.code} ${pick(category)}`}
                  checked={categories.includes(category.code)}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked;
                    setCategories((current) => (checked ? [...current, category.code] : current.filter((c) => c !== category.code)));
                  }}
                />
              ))}
            </div>
          </Fieldset>
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
            <Button appearance="primary-action-button" type="submit" disabled={busy}>
              {t(busy ? 'prepare.busy' : 'prepare.submit')}
            </Button>
            <Paragraph className="muted save-status" role="status">
              {busy ? t('prepare.busyHint') : ''}
            </Paragraph>
          </div>
        </form>
      )}
    </div>
  );
}

/** The providers with a current submission for the period, by name. */
function providersOf(submissions: ReadonlyArray<{ providerAgb: string; providerName?: string | null }>): { agb: string; name: string }[] {
  const byAgb = new Map(submissions.map((s) => [s.providerAgb, s.providerName ?? s.providerAgb]));
  return [...byAgb].map(([agb, name]) => ({ agb, name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
