/**
 * The field guide of the upload (SPEC §2), built from the same modules the validation uses:
 * field names, labels and required/optional from record.ts, code lists from codes.ts, refused
 * columns from columns.ts. The texts here only explain; every list and every refusal message comes
 * from the rules themselves, so the guide cannot promise what the upload then refuses.
 * Pure (no zod, no I/O): the web app renders it, test/e2e/provider.test.ts checks its examples.
 */
import {
  careForms,
  categoriesWithoutOutcomeDelivery,
  endReasons,
  furtherHelpAnswers,
  goalAttainmentValues,
  ijwEndReasonsRefused,
  ijwEndReasonToCbs,
  type Code,
} from './codes.ts';
import { mapHeader } from './columns.ts';
import type { LocalizedText } from './problem.ts';
import { fieldLabels, optionalFields, recordFields, type RecordField } from './record.ts';

export interface FieldGuideEntry {
  field: RecordField;
  label: LocalizedText;
  required: boolean;
  /** What the field holds. */
  description: LocalizedText;
  /** Accepted ways of writing a value. */
  formats: LocalizedText[];
  /** Values that pass validation as written (the e2e test runs each through validateRow). */
  examples: string[];
  /** Codes that are the same in every region. */
  codes?: readonly Code[];
  /** Codes the region configures: the page fills them in from GET /codes. */
  regionCodes?: 'municipalities' | 'productCategories';
  /** Other codes that are accepted and translated on upload. */
  mapped?: ReadonlyArray<{ from: string; to: string }>;
  /** Codes that are refused, and why. */
  refused?: ReadonlyArray<{ codes: readonly string[]; reason: LocalizedText }>;
}

const text = (nl: string, en: string): LocalizedText => ({ nl, en });

const dateFormats: LocalizedText[] = [
  text('JJJJ-MM-DD, bijvoorbeeld 2026-03-31', 'YYYY-MM-DD, for example 2026-03-31'),
  text(
    'DD-MM-JJJJ, bijvoorbeeld 31-03-2026 (ook 31/3/2026, zoals Nederlandse Excel het schrijft)',
    'DD-MM-YYYY, for example 31-03-2026 (also 31/3/2026, as Dutch Excel writes it)',
  ),
  text('JJJJMMDD zoals CBS het vraagt, bijvoorbeeld 20260331', 'YYYYMMDD as CBS asks for it, for example 20260331'),
];
const dateExamples = ['2026-03-31', '31-03-2026', '31/3/2026', '20260331'];

const emptyIsNoAnswer = text('Leeg: geen antwoord (telt niet mee in de noemer).', 'Empty: no answer (not counted in the denominator).');

/** Per field: what it means and how it may be written. The order is that of the template. */
const details: { [F in RecordField]: Omit<FieldGuideEntry, 'field' | 'label' | 'required'> } = {
  recordId: {
    description: text(
      'Uw eigen kenmerk van het traject. Uniek per aanbieder en periode; in het validatierapport en bij correcties verwijzen we ernaar. Nooit een BSN of ander persoonsnummer.',
      'Your own reference for the trajectory. Unique per provider and period; the validation report and corrections refer to it. Never a BSN or other personal number.',
    ),
    formats: [
      text(
        '1 tot 64 tekens: letters, cijfers, punt, liggend streepje en underscore',
        '1 to 64 characters: letters, digits, dot, hyphen and underscore',
      ),
    ],
    examples: ['TR-2026-0001', 'dossier_17.b'],
  },
  clientPseudonym: {
    description: text(
      'Het pseudoniem van de cliënt, op uw eigen computer gemaakt van het BSN met de regionale sleutel K1. Het BSN zelf komt nooit in het portaal.',
      "The client's pseudonym, made from the BSN on your own computer with the regional key K1. The BSN itself never enters the portal.",
    ),
    formats: [
      text('"p1:" gevolgd door 64 hexadecimale tekens (0-9, a-f)', '"p1:" followed by 64 hexadecimal characters (0-9, a-f)'),
      text(
        'Maak het op de pagina Aanleveren (in uw browser) of met: npm run portal -- pseudonymise',
        'Make it on the Upload page (in your browser) or with: npm run portal -- pseudonymise',
      ),
    ],
    examples: [`p1:${'0123456789abcdef'.repeat(4)}`],
  },
  providerAgb: {
    description: text(
      'De AGB-code van uw organisatie. Lever alleen eigen trajecten aan.',
      "Your organisation's AGB code. Submit only your own trajectories.",
    ),
    formats: [
      text('8 cijfers; gelijk aan de AGB-code waarmee u bent ingelogd', '8 digits; the same as the AGB code you are logged in with'),
    ],
    examples: [],
  },
  municipalityCode: {
    description: text(
      'De gemeente die verantwoordelijk is voor de jeugdhulp (woonplaatsbeginsel). Die gemeente moet op de einddatum bij de regio horen.',
      'The municipality responsible for the care (woonplaatsbeginsel). It must belong to the region on the end date.',
    ),
    formats: [
      text(
        'CBS-gemeentecode: 4 cijfers (0518) of met GM ervoor (GM0518)',
        'CBS municipality code: 4 digits (0518) or with GM in front (GM0518)',
      ),
    ],
    examples: ['0518', 'GM0518', '518'],
    regionCodes: 'municipalities',
  },
  productCategory: {
    description: text('De productcategorie uit de iJw-codelijst JZ020.', 'The product category from the iJw code list JZ020.'),
    formats: [text('2 cijfers, uit de lijst van de regio', "2 digits, from the region's list")],
    examples: [],
    regionCodes: 'productCategories',
    refused: [
      {
        codes: categoriesWithoutOutcomeDelivery,
        reason: text(
          'Gecertificeerde instellingen en vervoer leveren geen resultaten aan.',
          'Certified institutions and transport submit no outcomes.',
        ),
      },
    ],
  },
  productCode: {
    description: text('De productcode van de regio binnen de categorie.', "The region's product code within the category."),
    formats: [text('Hoogstens 5 letters of cijfers', 'At most 5 letters or digits')],
    examples: ['45A03'],
  },
  careForm: {
    description: text(
      'De hulpvorm volgens CBS; gebruikt om eerlijk te vergelijken (case-mix).',
      'The CBS care form; used for a fair comparison (case mix).',
    ),
    formats: [text('Een code uit de lijst', 'A code from the list')],
    examples: ['02', '2'],
    codes: careForms,
  },
  startDate: {
    description: text('De startdatum van het traject; niet na de einddatum.', 'The start date of the trajectory; not after the end date.'),
    formats: dateFormats,
    examples: dateExamples,
  },
  endDate: {
    description: text(
      'De einddatum van het traject. Valt in de gekozen verslagperiode en ligt niet in de toekomst.',
      'The end date of the trajectory. Inside the chosen reporting period and not in the future.',
    ),
    formats: dateFormats,
    examples: dateExamples,
  },
  ageAtStart: {
    description: text(
      'De leeftijd in hele jaren bij de start. Geen geboortedatum: die nemen we niet aan (dataminimalisatie).',
      'The age in whole years at the start. No birth date: it is not accepted (data minimisation).',
    ),
    formats: [text('Een heel getal van 0 tot en met 23', 'A whole number from 0 to 23')],
    examples: ['0', '14', '23'],
  },
  endReason: {
    description: text('De reden van beëindiging volgens CBS.', 'The CBS end reason.'),
    formats: [
      text('Een CBS-code uit de lijst', 'A CBS code from the list'),
      text(
        'Of een eenduidige iJw-code (JZ588); die zetten we om zoals hieronder staat',
        'Or an unambiguous iJw code (JZ588); it is translated as shown below',
      ),
    ],
    examples: ['01', '1', '99', '31'],
    codes: endReasons,
    mapped: Object.entries(ijwEndReasonToCbs)
      .map(([from, to]) => ({ from, to }))
      .sort((a, b) => a.from.localeCompare(b.from)),
    refused: [
      {
        codes: ijwEndReasonsRefused,
        reason: text(
          "Deze iJw-redenen betekenen geen afgesloten traject in de zin van de resultaatset: lever zo'n traject niet aan. Let op: iJw 02 (overlijden) botst met CBS 02; stuur dan 05.",
          'These iJw reasons are not a closed trajectory in the sense of the outcome set: do not submit such a trajectory. Note: iJw 02 (death) clashes with CBS 02; send 05 instead.',
        ),
      },
    ],
  },
  goalAttainment: {
    description: text(
      'Doelrealisatie: in hoeverre de afgesproken doelen zijn bereikt, zoals u dat samen met het gezin beoordeelt.',
      'Goal attainment: how far the agreed goals were reached, as you assess it together with the family.',
    ),
    formats: [
      text('Een van de woorden uit de lijst (hoofdletters maken niet uit)', 'One of the words in the list (capitals do not matter)'),
    ],
    examples: ['volledig', 'Gedeeltelijk', 'onbekend'],
    codes: goalAttainmentValues,
  },
  youthUsefulness: {
    description: text(
      'Rapportcijfer van de jeugdige: "Hoe nuttig was deze hulp voor jou?" (CBS 4.3; 1 = volkomen nutteloos, 10 = uitstekend).',
      'Grade given by the young person: "How useful was this help for you?" (CBS 4.3; 1 = completely useless, 10 = excellent).',
    ),
    formats: [text('Een heel getal van 1 tot en met 10', 'A whole number from 1 to 10'), emptyIsNoAnswer],
    examples: ['1', '7', '10'],
  },
  parentUsefulness: {
    description: text(
      'Rapportcijfer van de ouder of verzorger, dezelfde vraag (CBS 4.3).',
      'Grade given by the parent or carer, the same question (CBS 4.3).',
    ),
    formats: [text('Een heel getal van 1 tot en met 10', 'A whole number from 1 to 10'), emptyIsNoAnswer],
    examples: ['8'],
  },
  youthFurtherHelp: {
    description: text(
      'Antwoord van de jeugdige op de vraag naar verdere hulp (CBS 4.4, "zonder hulp verder").',
      "The young person's answer to the further-help question (CBS 4.4).",
    ),
    formats: [text('Een code uit de lijst', 'A code from the list'), emptyIsNoAnswer],
    examples: ['04', '4'],
    codes: furtherHelpAnswers,
  },
  parentFurtherHelp: {
    description: text(
      'Antwoord van de ouder of verzorger op dezelfde vraag (CBS 4.4).',
      "The parent's or carer's answer to the same question (CBS 4.4).",
    ),
    formats: [text('Een code uit de lijst', 'A code from the list'), emptyIsNoAnswer],
    examples: ['03'],
    codes: furtherHelpAnswers,
  },
};

/** Every field of the record, in the template's column order. */
export const fieldGuide: readonly FieldGuideEntry[] = recordFields.map((field) => ({
  field,
  label: fieldLabels[field],
  required: !optionalFields.has(field),
  ...details[field],
}));

/** What applies to the file as a whole. */
export const fileRules: readonly LocalizedText[] = [
  text(
    'Eén regel per afgesloten traject. De eerste rij bevat de kolomnamen zoals in het sjabloon; hoofdletters maken niet uit en de volgorde is vrij.',
    'One row per closed trajectory. The first row holds the column names as in the template; capitals do not matter and the order is free.',
  ),
  text(
    'CSV gescheiden door puntkomma, komma of tab, in UTF-8 (met of zonder BOM), Windows-1252 of UTF-16 met BOM; of XLSX (het eerste werkblad, kopregel in rij 1).',
    'CSV separated by semicolons, commas or tabs, in UTF-8 (with or without BOM), Windows-1252 or UTF-16 with BOM; or XLSX (the first worksheet, header in row 1).',
  ),
  text(
    'Rijnummers in het validatierapport zijn die van Excel: de kopregel is rij 1.',
    'Row numbers in the validation report are those Excel shows: the header is row 1.',
  ),
  text(
    "Een waarde die op een BSN lijkt (9 cijfers die de elfproef doorstaan, aaneen of in groepjes met punten, streepjes, liggende streepjes of spaties) weigert de hele rij, in welke kolom ook. Een recordId of clientPseudonym mag bovendien geen getal van 9 cijfers zijn, en geen getal van 8 cijfers dat met een 0 ervoor een BSN is. Het rapport toont zo'n waarde gemaskeerd.",
    'A value that looks like a BSN (9 digits passing the elfproef, together or in groups split by dots, hyphens, underscores or spaces) refuses the whole row, whatever the column. A recordId or clientPseudonym may moreover not be a number of 9 digits, nor one of 8 digits that is a BSN with a 0 in front. The report shows such a value masked.',
  ),
  text(
    'Een nieuwe aanlevering voor dezelfde periode vervangt uw hele eerdere aanlevering voor die periode; de oude blijft in de historie.',
    'A new submission for the same period replaces your whole earlier submission for that period; the old one stays in the history.',
  ),
];

/** Column names that exports often carry; each is refused, with the message the upload gives. */
export const refusedColumnExamples = ['bsn', 'naam', 'geboortedatum', 'postcode', 'adres', 'email', 'telefoon', 'opmerking'] as const;

export interface RefusedColumn {
  column: string;
  /** identifier_column: a direct identifier, never accepted; unknown_column: not part of the record. */
  kind: 'identifier_column' | 'unknown_column';
  message: LocalizedText;
}

/** The refusals as the upload's own header check words them (schemas/columns.ts). */
export function refusedColumns(): RefusedColumn[] {
  const { errors } = mapHeader([...recordFields, ...refusedColumnExamples]);
  return errors.flatMap((error) =>
    error.code === 'identifier_column' || error.code === 'unknown_column'
      ? [{ column: error.column, kind: error.code, message: error.message }]
      : [],
  );
}
