/**
 * The region's thresholds, each with what it does (SPEC §3, §4): the small-number minimum, how
 * many peer providers a peer figure needs, the n below which no bespreekpunt is raised, the
 * response rate below which satisfaction is greyed out, and how long outcome records are kept.
 * Also whether municipalities see the actions agreed in finished dialogues.
 */
import { Button, FormFieldCheckboxOption, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useState, type FormEvent } from 'react';
import { client, ok, ApiError } from '../../data/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { useDialogueSettings, useRegionSettings } from '../../data/admin';
import { useI18n, type MessageKey } from '../../i18n';
import { messages } from '../../messages';
import { LoadFailed, Loading } from '../../components/Status';
import { failed, OutcomeLine, type Outcome } from './common';

type Settings = components['schemas']['RegionSettings'];
type Key =
  | 'minN'
  | 'minPeerProviders'
  | 'flagMinN'
  | 'lowResponseRate'
  | 'retentionYears'
  | 'reminderDaysBefore'
  | 'reviewWindowDays'
  | 'replaceMinShare';

/** Each threshold: its bounds (as the API checks them) and, for the response rate, shown in percent. */
const thresholds: ReadonlyArray<{ key: Key; min: number; max: number; percent?: boolean }> = [
  { key: 'minN', min: 5, max: 100 },
  { key: 'minPeerProviders', min: 2, max: 50 },
  { key: 'flagMinN', min: 1, max: 10_000 },
  { key: 'lowResponseRate', min: 0, max: 100, percent: true },
  { key: 'retentionYears', min: 1, max: 30 },
  // The reporting cycle (issue 17): reminders, the review window before figures are final, guarded replacement.
  { key: 'reminderDaysBefore', min: 0, max: 90 },
  { key: 'reviewWindowDays', min: 0, max: 180 },
  { key: 'replaceMinShare', min: 0, max: 100, percent: true },
];

/** What each threshold counts, said beside its name. */
const units: Record<Key, MessageKey> = {
  minN: 'admin.region.unit.n',
  minPeerProviders: 'admin.region.unit.providers',
  flagMinN: 'admin.region.unit.n',
  lowResponseRate: 'admin.region.unit.percent',
  retentionYears: 'admin.region.unit.years',
  reminderDaysBefore: 'admin.region.unit.days',
  reviewWindowDays: 'admin.region.unit.days',
  replaceMinShare: 'admin.region.unit.percent',
};

function shown(settings: Settings, key: Key, percent?: boolean): string {
  return String(percent ? Math.round(settings[key] * 1000) / 10 : settings[key]);
}

export function RegionPage() {
  const { t } = useI18n();
  const [settings, update] = useRegionSettings();
  const [dialogueSettings, updateDialogueSettings] = useDialogueSettings();
  const [values, setValues] = useState<Record<Key, string>>();
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (settings.status === 'loaded' && !values) {
      setValues(Object.fromEntries(thresholds.map(({ key, percent }) => [key, shown(settings.data, key, percent)])) as Record<Key, string>);
    }
  }, [settings, values]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (settings.status !== 'loaded' || !values) return;
    const found: SummaryItem[] = [];
    const body: Partial<Record<Key, number>> = {};
    for (const { key, min, max, percent } of thresholds) {
      const number = Number(values[key].replace(',', '.'));
      const whole = percent || Number.isInteger(number);
      if (values[key].trim() === '' || !Number.isFinite(number) || number < min || number > max || !whole) {
        const range = messages['admin.region.range'];
        const label = messages[`admin.region.${key}` as MessageKey];
        found.push({
          message: { nl: `${label.nl}: ${range.nl} ${min}–${max}.`, en: `${label.en}: ${range.en} ${min}–${max}.` },
          fieldId: `region-${key}`,
        });
        continue;
      }
      const value = percent ? number / 100 : number;
      if (value !== settings.data[key]) body[key] = value;
    }
    setErrors(found);
    setOutcome(undefined);
    if (found.length || Object.keys(body).length === 0) return;
    setBusy(true);
    try {
      const saved = ok(await client.PATCH('/admin/region', { body }));
      update(() => saved);
      setValues(Object.fromEntries(thresholds.map(({ key, percent }) => [key, shown(saved, key, percent)])) as Record<Key, string>);
      setOutcome({ kind: 'done', text: t('admin.region.saved') });
    } catch (error) {
      const items = error instanceof ApiError ? error.fieldErrors.map((e) => ({ message: e.message, fieldId: `region-${e.field}` })) : [];
      if (items.length) setErrors(items);
      else setOutcome(failed(error));
    } finally {
      setBusy(false);
    }
  };

  const toggleShared = async (value: boolean) => {
    try {
      const saved = ok(await client.PUT('/dialogues/settings', { body: { actionsVisibleToMunicipalities: value } }));
      updateDialogueSettings(() => saved);
      setOutcome({ kind: 'done', text: t(saved.actionsVisibleToMunicipalities ? 'admin.region.shared.on' : 'admin.region.shared.off') });
    } catch (error) {
      setOutcome(failed(error));
    }
  };

  return (
    <div className="container section admin">
      <Heading level={1}>{t('admin.region.title')}</Heading>
      <Paragraph purpose="lead">{t('admin.region.intro')}</Paragraph>
      <OutcomeLine outcome={outcome} />
      {settings.status === 'loading' && <Loading />}
      {settings.status === 'failed' && <LoadFailed message={settings.message} />}
      {settings.status === 'loaded' && values && (
        <form className="form" onSubmit={submit} noValidate>
          <ErrorSummary title={t('admin.errors')} items={errors} />
          <Paragraph>{t('admin.region.which', { name: settings.data.name, code: settings.data.code })}</Paragraph>
          {thresholds.map(({ key, min, max, percent }) => (
            <Field
              key={key}
              id={`region-${key}`}
              className="threshold"
              type="number"
              inputMode={percent ? 'decimal' : 'numeric'}
              min={min}
              max={max}
              step={percent ? 0.1 : 1}
              label={`${t(`admin.region.${key}`)} (${t(units[key])})`}
              hint={t(`admin.region.${key}.explain`)}
              value={values[key]}
              error={errors.find((e) => e.fieldId === `region-${key}`)?.message}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setValues((current) => current && { ...current, [key]: value });
              }}
            />
          ))}
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            {t('admin.region.save')}
          </Button>
        </form>
      )}
      <section className="section-block" aria-labelledby="region-dialogues">
        <Heading level={2} id="region-dialogues">
          {t('admin.region.shared.title')}
        </Heading>
        {dialogueSettings.status === 'failed' && <LoadFailed message={dialogueSettings.message} />}
        {dialogueSettings.status === 'loaded' && (
          <FormFieldCheckboxOption
            className="choice"
            label={t('admin.region.shared.label')}
            description={t('admin.region.shared.hint')}
            checked={dialogueSettings.data.actionsVisibleToMunicipalities}
            onChange={(event) => void toggleShared(event.currentTarget.checked)}
          />
        )}
      </section>
    </div>
  );
}
