/**
 * Code lists of the outcome record (SPEC §2, §8), shared by API and web. Sources: CBS
 * Informatieprotocol Beleidsinformatie Jeugd (hulpvorm, reden beëindiging, vragen 4.3/4.4),
 * iJw code lists JZ020 (product categories) and JZ588 (reden beëindiging).
 */
export interface Code {
  code: string;
  nl: string;
  en: string;
}

/** iJw JZ020, release 3.2. Each region configures which of these it accepts. */
export const productCategories: readonly Code[] = [
  { code: '40', nl: 'Persoonlijke verzorging', en: 'Personal care' },
  { code: '41', nl: 'Dagbehandeling', en: 'Day treatment' },
  { code: '42', nl: 'Vervoer', en: 'Transport' },
  { code: '43', nl: 'Verblijf incl. behandeling', en: 'Residential care with treatment' },
  { code: '44', nl: 'Verblijf excl. behandeling', en: 'Residential care without treatment' },
  { code: '45', nl: 'Ambulant', en: 'Outpatient' },
  { code: '46', nl: 'Crisis', en: 'Crisis' },
  { code: '47', nl: 'Jeugdreclassering', en: 'Youth probation' },
  { code: '48', nl: 'Jeugdbescherming', en: 'Child protection' },
  { code: '49', nl: 'Preventief justitieel kader', en: 'Preventive judicial framework' },
  { code: '50', nl: 'Maatwerkarrangementen', en: 'Custom arrangements' },
  { code: '51', nl: 'Generalistische basis-ggz', en: 'General basic mental health care' },
  { code: '52', nl: 'Specialistische ggz', en: 'Specialist mental health care' },
  { code: '53', nl: 'Kindergeneeskunde', en: 'Paediatrics' },
  { code: '54', nl: 'Jeugd-ggz', en: 'Youth mental health care' },
  { code: '55', nl: 'Landelijk ingekochte zorg', en: 'Nationally purchased care' },
];

/** Outcome delivery does not apply to certified institutions (47, 48) nor to transport (42). */
export const categoriesWithoutOutcomeDelivery = ['42', '47', '48'] as const;

/** CBS hulpvorm; used for case-mix strata. */
export const careForms: readonly Code[] = [
  { code: '01', nl: 'Wijk-/buurtteam', en: 'Neighbourhood team' },
  { code: '02', nl: 'Ambulant op locatie aanbieder', en: 'Outpatient at the provider' },
  { code: '03', nl: 'Daghulp', en: 'Day care' },
  { code: '04', nl: 'In netwerk jeugdige', en: "In the youth's own network" },
  { code: '11', nl: 'Pleegzorg', en: 'Foster care' },
  { code: '12', nl: 'Gezinsgericht verblijf', en: 'Family-style residential care' },
  { code: '13', nl: 'Gesloten verblijf', en: 'Secure residential care' },
  { code: '14', nl: 'Overig verblijf', en: 'Other residential care' },
];

/** CBS reden beëindiging. */
export const endReasons: readonly Code[] = [
  { code: '01', nl: 'Volgens plan', en: 'As planned' },
  { code: '02', nl: 'Voortijdig, in overeenstemming', en: 'Early, by mutual agreement' },
  { code: '03', nl: 'Voortijdig, eenzijdig door cliënt', en: 'Early, unilaterally by the client' },
  { code: '04', nl: 'Voortijdig, eenzijdig door aanbieder', en: 'Early, unilaterally by the provider' },
  { code: '05', nl: 'Voortijdig, wegens externe omstandigheden', en: 'Early, due to external circumstances' },
  { code: '99', nl: 'Onbekend', en: 'Unknown' },
];

/** The unambiguous iJw JZ588 codes and their CBS meaning (iJw 02 "overlijden" clashes with CBS 02). */
export const ijwEndReasonToCbs: Readonly<Record<string, string>> = { '31': '01', '34': '02', '32': '03', '33': '04', '35': '05' };

/** iJw codes that do not end a trajectory in the sense of the outcome set. */
export const ijwEndReasonsRefused = ['20', '36', '37', '38', '39'] as const;

/** Doelrealisatie (NJi 3.4): the provider's assessment with the family. */
export const goalAttainmentValues: readonly Code[] = [
  { code: 'volledig', nl: 'Volledig gerealiseerd', en: 'Fully attained' },
  { code: 'gedeeltelijk', nl: 'Gedeeltelijk gerealiseerd', en: 'Partly attained' },
  { code: 'niet', nl: 'Niet gerealiseerd', en: 'Not attained' },
  { code: 'onbekend', nl: 'Onbekend', en: 'Unknown' },
];

/** CBS vraag 4.4, "zonder hulp verder". */
export const furtherHelpAnswers: readonly Code[] = [
  { code: '01', nl: 'Eenzelfde soort of zwaardere hulp nodig', en: 'Same or more intensive help needed' },
  { code: '02', nl: 'Met lichtere hulp red ik het', en: 'Lighter help will do' },
  { code: '03', nl: 'Nu geen hulp nodig, later misschien wel', en: 'No help needed now, maybe later' },
  { code: '04', nl: 'Geen verdere hulp meer nodig', en: 'No further help needed' },
];
