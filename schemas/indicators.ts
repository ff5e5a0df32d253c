/**
 * The indicators of SPEC §3 in one place: name, what is counted, what is left out, and which way
 * is better. The aggregation reads its count columns from here, the API returns the definition
 * with every figure, and the web app labels its tables with it.
 */
import { z } from '@hono/zod-openapi';
import { LocalizedTextSchema } from './problem.ts';

/** Counts kept per aggregate cell (see api/src/indicators/refresh.ts for how each is computed). */
export const cellCounts = [
  'trajectories',
  'endKnown', // end reason not 99 (onbekend)
  'endedByClient', // end reason 03: early, unilaterally by the client
  'endedUnilaterally', // 03 or 04: early, unilaterally by the client or the provider
  'endedEarly', // 02 to 05: every early end
  'goalKnown',
  'goalFull',
  'goalFullPartial',
  'helpAnswers',
  'withoutHelpAnswers', // further-help answers 03 or 04: no help needed now
  'noFurtherHelpAnswers', // further-help answer 04: no further help needed
  'usefulnessAnswers',
  'usefulness7Plus',
  'responded',
] as const;
export type CellCount = (typeof cellCounts)[number];
/** Counted at read time across providers (re-entry needs every provider's later records). */
export type ReentryCount = 'noReentry' | 'reentryEligible';
export type CountName = CellCount | ReentryCount;

export interface IndicatorDefinition {
  id: string;
  name: { nl: string; en: string };
  numerator: { nl: string; en: string };
  denominator: { nl: string; en: string };
  excluded: { nl: string; en: string };
  /** Which way is better; a flag is still only a point for the dialogue, never a verdict. */
  direction: 'higher_is_better' | 'lower_is_better' | 'neutral';
  numeratorCount: CountName;
  denominatorCount: CountName;
  /** Measurements (youth and parent answers counted separately) rather than trajectories. */
  unit: 'trajectories' | 'measurements';
  source: string;
}

const knownReason = { nl: 'Reden beëindiging 99 (onbekend).', en: 'End reason 99 (unknown).' };

export const indicatorDefinitions: readonly IndicatorDefinition[] = [
  {
    id: 'dropout',
    name: { nl: 'Uitval', en: 'Dropout' },
    numerator: {
      nl: 'Trajecten voortijdig en eenzijdig beëindigd door de cliënt (reden 03).',
      en: 'Trajectories ended early and unilaterally by the client (reason 03).',
    },
    denominator: { nl: 'Afgesloten trajecten met een bekende reden beëindiging.', en: 'Closed trajectories with a known end reason.' },
    excluded: knownReason,
    direction: 'lower_is_better',
    numeratorCount: 'endedByClient',
    denominatorCount: 'endKnown',
    unit: 'trajectories',
    source: 'CBS Beleidsinformatie Jeugd, reden beëindiging',
  },
  {
    id: 'unilateralEnd',
    name: { nl: 'Voortijdig eenzijdig beëindigd', en: 'Ended early, unilaterally' },
    numerator: { nl: 'Reden 03 of 04.', en: 'Reason 03 or 04.' },
    denominator: { nl: 'Afgesloten trajecten met een bekende reden beëindiging.', en: 'Closed trajectories with a known end reason.' },
    excluded: knownReason,
    direction: 'lower_is_better',
    numeratorCount: 'endedUnilaterally',
    denominatorCount: 'endKnown',
    unit: 'trajectories',
    source: 'Regionale indicator 13',
  },
  {
    id: 'earlyEnd',
    name: { nl: 'Voortijdig beëindigd', en: 'Ended early' },
    numerator: { nl: 'Reden 02 tot en met 05.', en: 'Reasons 02 to 05.' },
    denominator: { nl: 'Afgesloten trajecten met een bekende reden beëindiging.', en: 'Closed trajectories with a known end reason.' },
    excluded: knownReason,
    direction: 'lower_is_better',
    numeratorCount: 'endedEarly',
    denominatorCount: 'endKnown',
    unit: 'trajectories',
    source: 'CBS Beleidsinformatie Jeugd, reden beëindiging',
  },
  {
    id: 'goalAttainment',
    name: { nl: 'Doelrealisatie', en: 'Goal attainment' },
    numerator: { nl: 'Doelen volledig gerealiseerd.', en: 'Goals fully attained.' },
    denominator: { nl: 'Volledig + gedeeltelijk + niet.', en: 'Fully + partly + not.' },
    excluded: { nl: 'Doelrealisatie onbekend.', en: 'Goal attainment unknown.' },
    direction: 'higher_is_better',
    numeratorCount: 'goalFull',
    denominatorCount: 'goalKnown',
    unit: 'trajectories',
    source: 'NJi basisset 3.4',
  },
  {
    id: 'goalsPartlyAttained',
    name: { nl: 'Doelen (deels) bereikt', en: 'Goals (partly) attained' },
    numerator: { nl: 'Volledig + gedeeltelijk.', en: 'Fully + partly.' },
    denominator: { nl: 'Volledig + gedeeltelijk + niet.', en: 'Fully + partly + not.' },
    excluded: { nl: 'Doelrealisatie onbekend.', en: 'Goal attainment unknown.' },
    direction: 'higher_is_better',
    numeratorCount: 'goalFullPartial',
    denominatorCount: 'goalKnown',
    unit: 'trajectories',
    source: 'NJi basisset 3.4',
  },
  {
    id: 'continuedWithoutHelp',
    name: { nl: 'Zonder hulp verder', en: 'Continuing without help' },
    numerator: {
      nl: 'Antwoorden 03 of 04 op de vraag naar verdere hulp (jeugdige en ouder apart geteld).',
      en: 'Answers 03 or 04 to the further-help question (youth and parent counted separately).',
    },
    denominator: { nl: 'Alle antwoorden op de vraag naar verdere hulp.', en: 'All answers to the further-help question.' },
    excluded: { nl: 'Geen antwoord (leeg).', en: 'No answer (empty).' },
    direction: 'higher_is_better',
    numeratorCount: 'withoutHelpAnswers',
    denominatorCount: 'helpAnswers',
    unit: 'measurements',
    source: 'CBS Beleidsinformatie Jeugd 4.4',
  },
  {
    id: 'noFurtherHelp',
    name: { nl: 'Geen verdere hulp meer nodig', en: 'No further help needed' },
    numerator: { nl: 'Antwoorden 04.', en: 'Answers 04.' },
    denominator: { nl: 'Alle antwoorden op de vraag naar verdere hulp.', en: 'All answers to the further-help question.' },
    excluded: { nl: 'Geen antwoord (leeg).', en: 'No answer (empty).' },
    direction: 'higher_is_better',
    numeratorCount: 'noFurtherHelpAnswers',
    denominatorCount: 'helpAnswers',
    unit: 'measurements',
    source: 'CBS Beleidsinformatie Jeugd 4.4',
  },
  {
    id: 'satisfaction',
    name: { nl: 'Tevredenheid (ervaren nut)', en: 'Satisfaction (perceived usefulness)' },
    numerator: {
      nl: 'Rapportcijfers 7 of hoger (jeugdige en ouder apart geteld).',
      en: 'Grades of 7 or higher (youth and parent counted separately).',
    },
    denominator: { nl: 'Alle rapportcijfers.', en: 'All grades.' },
    excluded: { nl: 'Geen antwoord (leeg).', en: 'No answer (empty).' },
    direction: 'higher_is_better',
    numeratorCount: 'usefulness7Plus',
    denominatorCount: 'usefulnessAnswers',
    unit: 'measurements',
    source: 'CBS Beleidsinformatie Jeugd 4.3',
  },
  {
    id: 'response',
    name: { nl: 'Respons', en: 'Response' },
    numerator: { nl: 'Trajecten met ten minste één meting.', en: 'Trajectories with at least one measurement.' },
    denominator: { nl: 'Afgesloten trajecten.', en: 'Closed trajectories.' },
    excluded: { nl: 'Niets.', en: 'Nothing.' },
    direction: 'higher_is_better',
    numeratorCount: 'responded',
    denominatorCount: 'trajectories',
    unit: 'trajectories',
    source: 'CBS Beleidsinformatie Jeugd 4.5',
  },
  {
    id: 'noReentry',
    name: { nl: 'Geen nieuwe start', en: 'No re-entry' },
    numerator: {
      nl: 'Trajecten waarna dezelfde cliënt binnen 182 dagen na de einddatum bij geen enkele aanbieder in de regio een nieuw traject start.',
      en: 'Trajectories after which the same client starts no new trajectory with any provider in the region within 182 days of the end date.',
    },
    denominator: {
      nl: 'Trajecten die ten minste 182 dagen vóór de laatste einddatum in de regio eindigden.',
      en: 'Trajectories that ended at least 182 days before the latest end date in the region.',
    },
    excluded: {
      nl: 'Trajecten die te recent eindigden om 182 dagen te kunnen volgen (aantal staat bij het cijfer).',
      en: 'Trajectories that ended too recently to follow for 182 days (the count is given with the figure).',
    },
    direction: 'higher_is_better',
    numeratorCount: 'noReentry',
    denominatorCount: 'reentryEligible',
    unit: 'trajectories',
    source: 'NJi basisset 3.2, berekend door het portaal uit de pseudoniemen',
  },
];

/** Re-entry is followed for this many days after a trajectory's end (NJi 3.2). */
export const reentryWindowDays = 182;

export const indicatorIds = indicatorDefinitions.map((d) => d.id) as [string, ...string[]];

export function indicatorById(id: string): IndicatorDefinition | undefined {
  return indicatorDefinitions.find((d) => d.id === id);
}

export const IndicatorDefinitionSchema = z
  .object({
    id: z.string(),
    name: LocalizedTextSchema,
    numerator: LocalizedTextSchema,
    denominator: LocalizedTextSchema,
    excluded: LocalizedTextSchema,
    direction: z.enum(['higher_is_better', 'lower_is_better', 'neutral']),
    unit: z.enum(['trajectories', 'measurements']),
    source: z.string(),
  })
  .openapi('IndicatorDefinition');
