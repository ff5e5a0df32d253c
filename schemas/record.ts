/**
 * The outcome record (SPEC §2): its fields, how a raw cell becomes a canonical value, and the rule
 * each field checks, with an error code and a message in Dutch and English. Pure: the API validates
 * uploads with it and the upload page previews with the same code, so they can never disagree.
 */
import type { LocalizedText } from './problem.ts';
import { findBsnShapedNumbers, maskBsnShapedNumbers, type BsnCheckKind, type BsnShape } from './bsn.ts';
import {
  careForms,
  categoriesWithoutOutcomeDelivery,
  endReasons,
  furtherHelpAnswers,
  goalAttainmentValues,
  ijwEndReasonsRefused,
  ijwEndReasonToCbs,
} from './codes.ts';
import { parseRecordDate } from './dates.ts';

export const recordFields = [
  'recordId',
  'clientPseudonym',
  'providerAgb',
  'municipalityCode',
  'productCategory',
  'productCode',
  'careForm',
  'startDate',
  'endDate',
  'ageAtStart',
  'endReason',
  'goalAttainment',
  'youthUsefulness',
  'parentUsefulness',
  'youthFurtherHelp',
  'parentFurtherHelp',
] as const;
export type RecordField = (typeof recordFields)[number];

/** Columns that may be left out of a file: an empty measurement means no response (CBS 4.5). */
export const optionalFields: ReadonlySet<RecordField> = new Set([
  'productCode',
  'careForm',
  'youthUsefulness',
  'parentUsefulness',
  'youthFurtherHelp',
  'parentFurtherHelp',
]);

/** A record after validation: canonical values, exactly what is stored (with the pseudonym re-keyed). */
export interface OutcomeRecord {
  recordId: string;
  clientPseudonym: string;
  providerAgb: string;
  municipalityCode: string;
  productCategory: string;
  productCode: string | null;
  careForm: string | null;
  startDate: string;
  endDate: string;
  ageAtStart: number;
  endReason: string;
  goalAttainment: string;
  youthUsefulness: number | null;
  parentUsefulness: number | null;
  youthFurtherHelp: string | null;
  parentFurtherHelp: string | null;
}

export interface FieldError {
  code: string;
  message: LocalizedText;
}

/** What a row is checked against: the region's code lists, the uploader and the period. */
export interface ValidationContext {
  municipalities: ReadonlyArray<{ code: string; validFrom: string; validUntil: string | null }>;
  productCategories: ReadonlySet<string>;
  providerAgb: string;
  period: { code: string; startsOn: string; endsOn: string };
  /** YYYY-MM-DD, the portal's today (an end date in the future is refused). */
  today: string;
}

/** How each field is named to people (the upload report, the field guide). */
export const fieldLabels: Record<RecordField, LocalizedText> = {
  recordId: { nl: 'recordId (trajectnummer)', en: 'recordId (trajectory reference)' },
  clientPseudonym: { nl: 'clientPseudonym', en: 'clientPseudonym' },
  providerAgb: { nl: 'providerAgb (AGB-code)', en: 'providerAgb (AGB code)' },
  municipalityCode: { nl: 'municipalityCode (gemeentecode)', en: 'municipalityCode (municipality code)' },
  productCategory: { nl: 'productCategory (productcategorie)', en: 'productCategory' },
  productCode: { nl: 'productCode', en: 'productCode' },
  careForm: { nl: 'careForm (hulpvorm)', en: 'careForm' },
  startDate: { nl: 'startDate (startdatum)', en: 'startDate' },
  endDate: { nl: 'endDate (einddatum)', en: 'endDate' },
  ageAtStart: { nl: 'ageAtStart (leeftijd bij start)', en: 'ageAtStart' },
  endReason: { nl: 'endReason (reden beëindiging)', en: 'endReason' },
  goalAttainment: { nl: 'goalAttainment (doelrealisatie)', en: 'goalAttainment' },
  youthUsefulness: { nl: 'youthUsefulness (rapportcijfer jeugdige)', en: 'youthUsefulness' },
  parentUsefulness: { nl: 'parentUsefulness (rapportcijfer ouder)', en: 'parentUsefulness' },
  youthFurtherHelp: { nl: 'youthFurtherHelp (verdere hulp, jeugdige)', en: 'youthFurtherHelp' },
  parentFurtherHelp: { nl: 'parentFurtherHelp (verdere hulp, ouder)', en: 'parentFurtherHelp' },
};

const fail = (code: string, nl: string, en: string): FieldError => ({ code, message: { nl, en } });
const listOf = (codes: ReadonlyArray<{ code: string }>) => codes.map((c) => c.code).join(', ');

const recordIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const pseudonymPattern = /^p1:[0-9a-f]{64}$/;
/** C0 and C1 controls, DEL, zero-width and direction characters, BOM: never part of a value. */
const invisibleCharacter = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const invisibleCharacters = new RegExp(invisibleCharacter.source, 'g');

/** Excel drops leading zeros of codes typed as numbers ("518"): numeric codes are padded back. */
function padDigits(value: string, width: number): string {
  return /^[0-9]+$/.test(value) && value.length < width ? value.padStart(width, '0') : value;
}

type Rule<T> = (raw: string, context: ValidationContext) => { value: T } | FieldError;

const required = (field: RecordField) =>
  fail('required', `${fieldLabels[field].nl} is verplicht en is leeg.`, `${fieldLabels[field].en} is required and is empty.`);

const rules: { [F in RecordField]: Rule<OutcomeRecord[F]> } = {
  recordId: (raw) =>
    recordIdPattern.test(raw)
      ? { value: raw }
      : fail(
          'record_id_format',
          'recordId mag 1 tot 64 tekens bevatten: letters, cijfers, punt, liggend streepje en underscore.',
          'recordId may hold 1 to 64 characters: letters, digits, dot, hyphen and underscore.',
        ),
  clientPseudonym: (raw) => {
    const value = raw.toLowerCase();
    if (pseudonymPattern.test(value)) return { value };
    return fail(
      'pseudonym_format',
      'clientPseudonym moet "p1:" plus 64 hexadecimale tekens zijn, gemaakt met het pseudonimiseerprogramma (npm run portal -- pseudonymise, of de uploadpagina).',
      'clientPseudonym must be "p1:" followed by 64 hexadecimal characters, made with the pseudonymisation tool (npm run portal -- pseudonymise, or the upload page).',
    );
  },
  providerAgb: (raw, context) => {
    const value = padDigits(raw, 8);
    if (!/^[0-9]{8}$/.test(value)) return fail('agb_format', 'Een AGB-code bestaat uit 8 cijfers.', 'An AGB code has 8 digits.');
    if (value !== context.providerAgb) {
      return fail(
        'agb_not_uploader',
        `Deze AGB-code is niet die van uw organisatie (${context.providerAgb}). Lever alleen eigen trajecten aan.`,
        `This AGB code is not your organisation's (${context.providerAgb}). Submit only your own trajectories.`,
      );
    }
    return { value };
  },
  municipalityCode: (raw, context) => {
    const value = padDigits(raw.replace(/^gm/i, ''), 4);
    if (!/^[0-9]{4}$/.test(value)) {
      return fail(
        'municipality_format',
        'Een gemeentecode bestaat uit 4 cijfers (GM0518 of 0518).',
        'A municipality code has 4 digits (GM0518 or 0518).',
      );
    }
    if (!context.municipalities.some((m) => m.code === value)) {
      return fail(
        'municipality_not_in_region',
        `Gemeente ${value} hoort niet bij deze regio. Toegestaan: ${context.municipalities.map((m) => m.code).join(', ')}.`,
        `Municipality ${value} is not part of this region. Allowed: ${context.municipalities.map((m) => m.code).join(', ')}.`,
      );
    }
    return { value };
  },
  productCategory: (raw, context) => {
    const value = padDigits(raw, 2);
    if (context.productCategories.has(value)) return { value };
    if ((categoriesWithoutOutcomeDelivery as readonly string[]).includes(value)) {
      return fail(
        'product_category_no_outcomes',
        `Voor productcategorie ${value} (gecertificeerde instellingen of vervoer) worden geen resultaten aangeleverd.`,
        `No outcomes are submitted for product category ${value} (certified institutions or transport).`,
      );
    }
    return fail(
      'product_category_not_in_region',
      // The cell is repeated as every report value is: shortened and masked (it may be megabytes).
      `Productcategorie "${displayValue('productCategory', raw)}" is niet bekend in deze regio. Toegestaan: ${[...context.productCategories].sort().join(', ')}.`,
      `Product category "${displayValue('productCategory', raw)}" is not used in this region. Allowed: ${[...context.productCategories].sort().join(', ')}.`,
    );
  },
  productCode: (raw) =>
    /^[A-Za-z0-9.-]{1,5}$/.test(raw)
      ? { value: raw }
      : fail('product_code_format', 'productCode heeft hoogstens 5 letters of cijfers.', 'productCode has at most 5 letters or digits.'),
  careForm: (raw) => {
    const value = padDigits(raw, 2);
    return careForms.some((c) => c.code === value)
      ? { value }
      : fail(
          'care_form_unknown',
          `Onbekende hulpvorm. Toegestaan: ${listOf(careForms)}.`,
          `Unknown care form. Allowed: ${listOf(careForms)}.`,
        );
  },
  startDate: (raw) => dateRule(raw, 'startDate'),
  endDate: (raw) => dateRule(raw, 'endDate'),
  ageAtStart: (raw) => {
    if (parseRecordDate(raw)) {
      return fail(
        'birth_date_not_accepted',
        'ageAtStart is de leeftijd in jaren, geen geboortedatum: een geboortedatum wordt niet opgeslagen (dataminimalisatie).',
        'ageAtStart is the age in years, not a birth date: birth dates are not stored (data minimisation).',
      );
    }
    const age = /^[0-9]{1,2}$/.test(raw) ? Number(raw) : NaN;
    return age >= 0 && age <= 23
      ? { value: age }
      : fail('age_range', 'ageAtStart moet een heel getal van 0 tot en met 23 zijn.', 'ageAtStart must be a whole number from 0 to 23.');
  },
  endReason: (raw) => {
    const value = padDigits(raw, 2);
    if (endReasons.some((r) => r.code === value)) return { value };
    const mapped = ijwEndReasonToCbs[value];
    if (mapped) return { value: mapped };
    if ((ijwEndReasonsRefused as readonly string[]).includes(value)) {
      return fail(
        'end_reason_not_closed',
        `iJw-reden ${value} betekent geen afgesloten traject in de zin van de resultaatset; lever dit traject niet aan.`,
        `iJw reason ${value} is not a closed trajectory in the sense of the outcome set; do not submit this trajectory.`,
      );
    }
    return fail(
      'end_reason_unknown',
      `Onbekende reden beëindiging. Gebruik een CBS-code (${listOf(endReasons)}) of iJw 31-35.`,
      `Unknown end reason. Use a CBS code (${listOf(endReasons)}) or iJw 31-35.`,
    );
  },
  goalAttainment: (raw) => {
    const value = raw.toLowerCase();
    return goalAttainmentValues.some((g) => g.code === value)
      ? { value }
      : fail(
          'goal_attainment_unknown',
          `Doelrealisatie moet een van ${listOf(goalAttainmentValues)} zijn.`,
          `goalAttainment must be one of ${listOf(goalAttainmentValues)}.`,
        );
  },
  youthUsefulness: (raw) => usefulnessRule(raw),
  parentUsefulness: (raw) => usefulnessRule(raw),
  youthFurtherHelp: (raw) => furtherHelpRule(raw),
  parentFurtherHelp: (raw) => furtherHelpRule(raw),
};

function dateRule(raw: string, field: 'startDate' | 'endDate'): { value: string } | FieldError {
  const value = parseRecordDate(raw);
  return value
    ? { value }
    : fail(
        'date_format',
        `${fieldLabels[field].nl} is geen geldige datum. Gebruik JJJJ-MM-DD, DD-MM-JJJJ of JJJJMMDD.`,
        `${fieldLabels[field].en} is not a valid date. Use YYYY-MM-DD, DD-MM-YYYY or YYYYMMDD.`,
      );
}

function usefulnessRule(raw: string): { value: number } | FieldError {
  const grade = /^[0-9]{1,2}$/.test(raw) ? Number(raw) : NaN;
  return grade >= 1 && grade <= 10
    ? { value: grade }
    : fail(
        'usefulness_range',
        'Het rapportcijfer moet een heel getal van 1 tot en met 10 zijn, of leeg bij geen antwoord.',
        'The grade must be a whole number from 1 to 10, or empty for no answer.',
      );
}

function furtherHelpRule(raw: string): { value: string } | FieldError {
  const value = padDigits(raw, 2);
  return furtherHelpAnswers.some((a) => a.code === value)
    ? { value }
    : fail(
        'further_help_unknown',
        `Antwoord op "verdere hulp" moet ${listOf(furtherHelpAnswers)} zijn, of leeg.`,
        `The further-help answer must be ${listOf(furtherHelpAnswers)}, or empty.`,
      );
}

export interface RowError extends FieldError {
  field: RecordField | null;
  /** The offending value as the user typed it, BSN-like runs masked, shortened. */
  value: string | null;
}

const maxShownValueLength = 80;

/** The fields a provider makes up itself to identify something: checked as ids by the BSN detector. */
const idFields: ReadonlySet<RecordField> = new Set(['recordId', 'clientPseudonym']);

/** How the BSN detector reads a field: a valid pseudonym is exempt (its hex can hold nine digits passing the elfproef by chance). */
function bsnCheckKind(field: RecordField | null, raw: string): BsnCheckKind | null {
  if (field === 'clientPseudonym' && pseudonymPattern.test(raw.toLowerCase())) return null;
  return field !== null && idFields.has(field) ? 'id' : 'text';
}

/** What a report may repeat of a cell: never a BSN, never a whole pseudonym. */
export function displayValue(field: RecordField | null, raw: string): string {
  // Masked before shortening (a cut must not leave 8 digits of a BSN, the 9th follows from the
  // elfproef) and after it (a cut through a longer number can leave nine digits that pass).
  const masked = maskBsnShapedNumbers(raw, bsnCheckKind(field, raw) ?? 'text');
  if (field === 'clientPseudonym' && masked.length > 10) return `${masked.slice(0, 7)}…`;
  return masked.length > maxShownValueLength ? maskBsnShapedNumbers(`${masked.slice(0, maxShownValueLength)}…`) : masked;
}

/** The refusal of a BSN-shaped value: what is wrong, and how to fix it, per shape. */
function bsnError(field: RecordField, shape: BsnShape): FieldError {
  const label = fieldLabels[field];
  const fixId =
    field === 'recordId'
      ? {
          nl: 'Gebruik als recordId uw eigen trajectnummer met letters erin (bijvoorbeeld T-2025-0042), nooit een BSN of ander persoonsnummer.',
          en: 'Use your own trajectory reference with letters in it as recordId (for example T-2025-0042), never a BSN or other personal number.',
        }
      : {
          nl: 'Zet het BSN eerst om naar clientPseudonym ("p1:" plus 64 tekens) met het pseudonimiseerprogramma of op de uploadpagina.',
          en: 'Turn the BSN into clientPseudonym ("p1:" plus 64 characters) first, with the pseudonymisation tool or on the upload page.',
        };
  switch (shape) {
    case 'id_nine_digits':
      return fail(
        'bsn_value',
        `${label.nl} is een getal van 9 cijfers (ook met punten, streepjes, liggende streepjes of spaties ertussen): zo ziet een BSN eruit, ook als dit er geen is. ${fixId.nl}`,
        `${label.en} is a number of 9 digits (also with dots, hyphens, underscores or spaces in between): the shape of a BSN, even if this is not one. ${fixId.en}`,
      );
    case 'id_leading_zero':
      return fail(
        'bsn_value',
        `${label.nl} is een getal van 8 cijfers dat met een 0 ervoor een geldig BSN is (elfproef): Excel laat de voorloopnul van een BSN weg. ${fixId.nl}`,
        `${label.en} is a number of 8 digits that is a valid BSN with a 0 in front (elfproef): Excel drops the leading zero of a BSN. ${fixId.en}`,
      );
    default:
      return fail(
        'bsn_value',
        `${label.nl} bevat een getal dat op een BSN lijkt: 9 cijfers die de elfproef doorstaan, aaneen of in groepjes met punten, streepjes, liggende streepjes of spaties. Een BSN hoort nergens in de aanlevering: haal het nummer weg. ${idFields.has(field) ? fixId.nl : 'Vul de waarde in die in deze kolom hoort.'}`,
        `${label.en} holds a number that looks like a BSN: 9 digits passing the elfproef, together or in groups split by dots, hyphens, underscores or spaces. A BSN has no place in the submission: remove the number. ${idFields.has(field) ? fixId.en : 'Enter the value this column is for.'}`,
      );
  }
}

/**
 * Validates one row (cells by canonical field name, already trimmed) into a record or its errors.
 * Cross-row rules (duplicate recordId) belong to the caller.
 */
export function validateRow(
  cells: Partial<Record<RecordField, string>>,
  context: ValidationContext,
): { record: OutcomeRecord; errors: [] } | { record: null; errors: RowError[] } {
  const errors: RowError[] = [];
  const record: Partial<Record<RecordField, unknown>> = {};
  for (const field of recordFields) {
    const raw = cells[field] ?? '';
    if (raw === '') {
      if (optionalFields.has(field)) record[field] = null;
      else errors.push({ field, value: null, ...required(field) });
      continue;
    }
    // A BSN is the worst thing a cell can hold: looked for first, also across invisible characters
    // (111\u200b222333), so that no other error repeats it.
    const kind = bsnCheckKind(field, raw);
    const visible = raw.replace(invisibleCharacters, '');
    const bsn = kind === null ? undefined : findBsnShapedNumbers(visible, kind)[0];
    if (bsn) {
      errors.push({ field, value: displayValue(field, visible), ...bsnError(field, bsn.shape) });
      continue;
    }
    // No field holds control or invisible characters. Named as such, not as "unknown code": a NUL
    // or zero-width space after "volledig" looks like "volledig" in the report.
    const invisible = invisibleCharacter.exec(raw);
    if (invisible) {
      const codePoint = `U+${invisible[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      errors.push({
        field,
        value: displayValue(field, raw.replace(invisibleCharacters, '\uFFFD')),
        code: 'invisible_character',
        message: {
          nl: `Deze waarde bevat een onzichtbaar of stuurteken (${codePoint}, in de waarde getoond als \uFFFD). Typ de waarde opnieuw of verwijder het teken, bijvoorbeeld met SCHOONMAKEN() in Excel.`,
          en: `This value holds an invisible or control character (${codePoint}, shown as \uFFFD in the value). Type the value again or remove the character, for example with CLEAN() in Excel.`,
        },
      });
      continue;
    }
    const result = rules[field](raw, context);
    if ('code' in result) errors.push({ field, value: displayValue(field, raw), ...result });
    else record[field] = result.value;
  }
  if (errors.length === 0) errors.push(...crossFieldErrors(record as unknown as OutcomeRecord, context));
  return errors.length === 0 ? { record: record as unknown as OutcomeRecord, errors: [] } : { record: null, errors };
}

function crossFieldErrors(record: OutcomeRecord, context: ValidationContext): RowError[] {
  const errors: RowError[] = [];
  const { period } = context;
  if (record.startDate > record.endDate) {
    errors.push({
      field: 'startDate',
      value: record.startDate,
      ...fail('start_after_end', 'De startdatum ligt na de einddatum.', 'The start date is after the end date.'),
    });
  }
  if (record.endDate > context.today) {
    errors.push({
      field: 'endDate',
      value: record.endDate,
      ...fail(
        'end_in_future',
        'De einddatum ligt in de toekomst; lever alleen afgesloten trajecten aan.',
        'The end date is in the future; submit closed trajectories only.',
      ),
    });
  } else if (record.endDate < period.startsOn || record.endDate > period.endsOn) {
    errors.push({
      field: 'endDate',
      value: record.endDate,
      ...fail(
        'end_outside_period',
        `De einddatum valt buiten periode ${period.code} (${period.startsOn} t/m ${period.endsOn}). Lever dit traject aan bij de periode waarin het eindigde.`,
        `The end date is outside period ${period.code} (${period.startsOn} to ${period.endsOn}). Submit this trajectory with the period in which it ended.`,
      ),
    });
  }
  const municipality = context.municipalities.find((m) => m.code === record.municipalityCode);
  if (municipality && (record.endDate < municipality.validFrom || (municipality.validUntil && record.endDate > municipality.validUntil))) {
    errors.push({
      field: 'municipalityCode',
      value: record.municipalityCode,
      ...fail(
        'municipality_not_in_region_on_date',
        `Gemeente ${record.municipalityCode} hoorde op de einddatum niet (meer) bij deze regio.`,
        `Municipality ${record.municipalityCode} was not part of this region on the end date.`,
      ),
    });
  }
  return errors;
}
