/**
 * Whether the figures shown are provisional or final (issue 17): the period's phase as the API
 * gives it with every figure answer. After the deadline providers may still correct during the
 * review window, so a reader must see that figures can change before they rely on them.
 */
import { Paragraph } from '@rijkshuisstijl-community/components-react';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import type { Language } from '../messages';

type Finality = components['schemas']['Finality'];

/** 2027-02-04 → "4 februari 2027" / "4 February 2027", read as UTC so no time zone moves the day. */
function longDay(date: string, language: Language): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(Date.UTC(year, month - 1, day));
}

const keys = {
  open: 'figures.finality.open',
  provisional: 'figures.finality.provisional',
  final: 'figures.finality.final',
} as const;

export function FinalityLabel({ finality }: { finality: Finality | null | undefined }) {
  const { t, language } = useI18n();
  if (!finality) return null;
  return (
    <Paragraph className={`finality finality--${finality.phase}`}>
      <span className={`badge ${finality.phase === 'final' ? 'badge--allowed' : 'badge--neutral'}`}>
        {t(keys[finality.phase], { date: longDay(finality.finalFrom, language) })}
      </span>
    </Paragraph>
  );
}
