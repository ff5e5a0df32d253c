/**
 * The reporting period as a group of radio buttons (NL Design System fieldset and radio button):
 * each with its dates and deadline in words, a closed period disabled with the reason beside it (a
 * disabled <option> could not say why). The label takes the form label's CSS classes: the React
 * package does not export that component.
 */
import { Fieldset, Paragraph, Radio } from '@rijkshuisstijl-community/components-react';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n';
import { formatDay, todayInAmsterdam } from '../../figures/format';

export type Period = components['schemas']['Period'];

export function PeriodChoice({ periods, value, onChange }: { periods: Period[]; value: string; onChange: (code: string) => void }) {
  const { t, language } = useI18n();
  const today = todayInAmsterdam();
  return (
    <Fieldset className="choice-group" legend={t('provider.upload.period.legend')}>
      {periods.map((period) => {
        const id = `period-${period.code}`;
        const late = !period.closed && today > period.deadline;
        return (
          <div className={`choice${period.closed ? ' choice--disabled' : ''}`} key={period.code}>
            <Radio
              id={id}
              name="period"
              value={period.code}
              checked={value === period.code}
              disabled={period.closed}
              aria-describedby={`${id}-hint`}
              onChange={() => onChange(period.code)}
            />
            <label htmlFor={id} className="utrecht-form-label utrecht-form-label--radio">
              <span className="choice__title">{period.code}</span>{' '}
              <span className="muted">
                ({formatDay(period.startsOn, language)} – {formatDay(period.endsOn, language)})
              </span>
            </label>
            <Paragraph className="choice__hint" id={`${id}-hint`}>
              {period.closed
                ? t('provider.upload.period.closed')
                : late
                  ? t('provider.upload.period.late', { deadline: formatDay(period.deadline, language) })
                  : t('provider.upload.period.deadline', { deadline: formatDay(period.deadline, language) })}
            </Paragraph>
          </div>
        );
      })}
    </Fieldset>
  );
}

/** The newest period that still accepts submissions. */
export function defaultPeriod(periods: Period[]): string {
  return periods.find((period) => !period.closed)?.code ?? '';
}
