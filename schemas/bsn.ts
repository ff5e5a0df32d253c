/**
 * The one BSN detector, shared by API and web: every cell of an upload (each field, refused columns
 * too), header and file names, and the free texts of a dialogue go through `findBsnShapedNumbers`.
 *
 * In any text, a BSN-shaped number is 9 digits that pass the elfproef, written together or in groups
 * split by single separators — space (also non-breaking), dot, hyphen, underscore, mixed as well:
 * ddddddddd, ddd.ddd.ddd, ddd-ddd-ddd, dddd.dd.ddd, ddd_ddd ddd (d a digit) — with no further digit directly
 * before or after it (letters do not protect: x followed by nine digits counts). Every start is tried, so a group
 * of digits written in front ("12 ddd ddd ddd") cannot hide one. Here the elfproef is required: texts
 * and codes hold other 9-digit numbers (amounts, counts) that must stay allowed, and fewer than 8
 * digits (dates 2025-01-31 and 20250131, postcodes, product codes, AGB codes) never match.
 *
 * An id field (recordId; a clientPseudonym that is no pseudonym) is stricter, because a trajectory
 * reference is made up by the provider and never needs to be a bare number of a BSN's length:
 * - a value that as a whole is a 9-digit number (in any of those groupings) is refused with or
 *   without the elfproef: a pseudonymised reference should not look like a BSN, a BSN with a typo is
 *   still one, and with the elfproef alone one in eleven such references would be refused at random;
 * - a value that as a whole is an 8-digit number is refused when a leading zero makes it pass the
 *   elfproef: Excel drops the leading zero of a BSN and exports eight digits. Only then: other
 *   8-digit references (case numbers) cannot be a BSN.
 */

/** The elfproef of a Dutch citizen service number: 9 digits, weighted sum divisible by 11. */
export function passesElfproef(digits: string): boolean {
  if (!/^[0-9]{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum % 11 === 0 && digits !== '000000000';
}

/** CBS placeholders: not BSNs, but no place in an outcome record either. */
export function isBsnPlaceholder(digits: string): boolean {
  return digits === '999999999' || digits === '000000000';
}

/** Where a text is checked: free text and codes, or an id field (stricter, see above). */
export type BsnCheckKind = 'text' | 'id';

/**
 * Why a number counts as a BSN: `elfproef` 9 digits passing it; `id_nine_digits` an id that is a
 * 9-digit number failing it; `id_leading_zero` an id of 8 digits that passes it with a leading zero.
 */
export type BsnShape = 'elfproef' | 'id_nine_digits' | 'id_leading_zero';

export interface BsnShapedNumber {
  /** UTF-16 offsets of the number in the text, separators inside it included. */
  start: number;
  end: number;
  shape: BsnShape;
}

const separator = '[ ._\\-\\u00a0\\u202f]';
/** At every digit without a digit before it: 9 digits, single separators between them, no digit after. */
const nineDigitsFromHere = new RegExp(`(?<![0-9])(?=([0-9](?:${separator}?[0-9]){8})(?![0-9]))`, 'g');
/** A whole value that is an 8- or 9-digit number, grouped or not. */
const wholeEightOrNineDigits = new RegExp(`^[0-9](?:${separator}?[0-9]){7,8}$`);
/** Cheap pre-check: most texts have no 8 digits close together at all. */
const eightDigitsClose = new RegExp(`[0-9](?:${separator}?[0-9]){7}`);

const digitsOf = (text: string) => text.replace(/[^0-9]/g, '');

/** Every BSN-shaped number in the text, in order (see the rules at the top of this file). */
export function findBsnShapedNumbers(text: string, kind: BsnCheckKind = 'text'): BsnShapedNumber[] {
  if (text.length < 8 || !eightDigitsClose.test(text)) return [];
  if (kind === 'id' && wholeEightOrNineDigits.test(text)) {
    const digits = digitsOf(text);
    if (digits.length === 9) return [{ start: 0, end: text.length, shape: passesElfproef(digits) ? 'elfproef' : 'id_nine_digits' }];
    if (passesElfproef(`0${digits}`)) return [{ start: 0, end: text.length, shape: 'id_leading_zero' }];
  }
  const found: BsnShapedNumber[] = [];
  for (const match of text.matchAll(nineDigitsFromHere)) {
    const number = match[1];
    if (passesElfproef(digitsOf(number))) found.push({ start: match.index, end: match.index + number.length, shape: 'elfproef' });
  }
  return found;
}

/** True when the text holds a BSN-shaped number. */
export function containsBsnShapedNumber(text: string, kind: BsnCheckKind = 'text'): boolean {
  return findBsnShapedNumbers(text, kind).length > 0;
}

/**
 * Replaces every digit of each BSN-shaped number by `*` and keeps its separators (ddd.ddd.ddd →
 * ***.***.***), so that reports, header and file names never repeat one.
 */
export function maskBsnShapedNumbers(text: string, kind: BsnCheckKind = 'text'): string {
  const found = findBsnShapedNumbers(text, kind);
  if (found.length === 0) return text;
  const units = text.split('');
  for (const { start, end } of found) for (let i = start; i < end; i++) if (units[i] >= '0' && units[i] <= '9') units[i] = '*';
  return units.join('');
}
