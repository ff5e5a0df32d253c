/** Pure BSN checks, shared by API and web (the upload page masks and refuses BSN-like values too). */

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

const nineDigitRun = /(?<![0-9])[0-9]{9}(?![0-9])/g;

/** True when any 9-digit run in the text passes the elfproef. */
export function containsBsnLikeValue(text: string): boolean {
  for (const match of text.matchAll(nineDigitRun)) if (passesElfproef(match[0])) return true;
  return false;
}

/** Replaces every BSN-like run by a mask, so that error reports never repeat one. */
export function maskBsnLikeValues(text: string): string {
  return text.replace(nineDigitRun, (digits) => (passesElfproef(digits) ? '*********' : digits));
}
