/**
 * The rules for the free texts of a resultaatdialoog (notes, duiding, actions), without zod, so
 * that the web app can say in the browser what the API will refuse. The same rules and messages
 * as `plainTextProblems` in dialogue.ts; the API can import them from here instead.
 */
import type { LocalizedText } from './problem.ts';
import { containsBsnShapedNumber } from './bsn.ts';

/** Maximum length in characters of each text; the database checks the same limits. */
export const textLimits = {
  notes: 10_000,
  generalExplanation: 5_000,
  explanation: 2_000,
  description: 1_000,
  followUp: 2_000,
} as const;

export type TextProblemCode = 'text_empty' | 'text_too_long' | 'text_html' | 'text_control_characters' | 'text_bsn';

export interface TextProblem {
  field: string;
  code: TextProblemCode;
  message: LocalizedText;
}

const htmlLike = /<\/?[a-z][^<>]*>|<!--|&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// The one BSN detector (bsn.ts): 9 digits passing the elfproef, together or grouped (1234.56.789).
export { containsBsnShapedNumber } from './bsn.ts';

/**
 * What is wrong with a free text of a dialogue: empty, too long, HTML, control characters or a
 * BSN-shaped number (SPEC §4.2: no direct identifiers, and the texts are shown as plain text).
 * `field` names the text in the messages: the API passes its field path, a form its label in
 * both languages.
 */
export function plainTextProblems(value: string, field: string | LocalizedText, max: number): TextProblem[] {
  const name = typeof field === 'string' ? { nl: field, en: field } : field;
  const key = typeof field === 'string' ? field : field.en;
  const problems: TextProblem[] = [];
  const length = [...value].length;
  if (value.trim() === '') {
    problems.push({
      field: key,
      code: 'text_empty',
      message: {
        nl: `${name.nl} is leeg. Laat het veld weg of geef null om de tekst te wissen.`,
        en: `${name.en} is empty. Leave the field out, or send null to clear the text.`,
      },
    });
    return problems;
  }
  if (length > max) {
    problems.push({
      field: key,
      code: 'text_too_long',
      message: {
        nl: `${name.nl} is ${length} tekens lang; het maximum is ${max}.`,
        en: `${name.en} is ${length} characters long; the maximum is ${max}.`,
      },
    });
  }
  if (htmlLike.test(value)) {
    problems.push({
      field: key,
      code: 'text_html',
      message: {
        nl: `${name.nl} bevat HTML (een tag of entiteit). Schrijf platte tekst.`,
        en: `${name.en} contains HTML (a tag or entity). Write plain text.`,
      },
    });
  }
  if (controlCharacters.test(value)) {
    problems.push({
      field: key,
      code: 'text_control_characters',
      message: {
        nl: `${name.nl} bevat onzichtbare stuurtekens. Alleen gewone tekst, regeleinden en tabs zijn toegestaan.`,
        en: `${name.en} contains invisible control characters. Only ordinary text, line breaks and tabs are allowed.`,
      },
    });
  }
  if (containsBsnShapedNumber(value)) {
    problems.push({
      field: key,
      code: 'text_bsn',
      message: {
        nl: `${name.nl} bevat een getal dat een BSN kan zijn. Een dialoog gaat over cijfers, niet over cliënten: haal het nummer weg.`,
        en: `${name.en} contains a number that could be a BSN. A dialogue is about figures, not clients: remove the number.`,
      },
    });
  }
  return problems;
}
