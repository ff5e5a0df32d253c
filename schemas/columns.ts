/**
 * Header checks (SPEC §2, §4.2): column names match the record's fields case-insensitively;
 * anything else is refused and named, and a column that carries a direct identifier gets a
 * message that says why it may never be sent.
 */
import { maskBsnShapedNumbers } from './bsn.ts';
import type { LocalizedText } from './problem.ts';
import { optionalFields, recordFields, type RecordField } from './record.ts';

export interface ColumnError {
  code: 'identifier_column' | 'unknown_column' | 'duplicate_column' | 'missing_column' | 'empty_column_name';
  /** 1-based position in the header; null for a missing column. */
  columnIndex: number | null;
  column: string;
  message: LocalizedText;
}

const byLowerName = new Map<string, RecordField>(recordFields.map((f) => [f.toLowerCase(), f]));

/** Direct identifiers by the names exports use for them (Dutch and English, with common spellings). */
const identifierColumns: ReadonlyArray<{ names: string[]; what: LocalizedText }> = [
  {
    names: ['bsn', 'burgerservicenummer', 'sofinummer', 'citizenservicenumber'],
    what: { nl: 'een BSN', en: 'a BSN (citizen service number)' },
  },
  {
    names: ['naam', 'name', 'voornaam', 'achternaam', 'roepnaam', 'firstname', 'lastname', 'surname', 'clientnaam', 'clientname'],
    what: { nl: 'een naam', en: 'a name' },
  },
  { names: ['geboortedatum', 'birthdate', 'dateofbirth', 'dob', 'geboortejaar'], what: { nl: 'een geboortedatum', en: 'a birth date' } },
  { names: ['postcode', 'zipcode', 'postalcode'], what: { nl: 'een postcode', en: 'a postcode' } },
  {
    names: ['adres', 'address', 'straat', 'street', 'huisnummer', 'housenumber', 'woonplaats'],
    what: { nl: 'een adres', en: 'an address' },
  },
  { names: ['email', 'e-mail', 'emailadres', 'mail'], what: { nl: 'een e-mailadres', en: 'an e-mail address' } },
  {
    names: ['telefoon', 'telefoonnummer', 'phone', 'phonenumber', 'mobiel', 'tel'],
    what: { nl: 'een telefoonnummer', en: 'a phone number' },
  },
];

function identifierKind(name: string): LocalizedText | null {
  const squashed = name.toLowerCase().replace(/[\s_]/g, '');
  return identifierColumns.find((entry) => entry.names.includes(squashed))?.what ?? null;
}

/** Maps each header cell to its field (or null when refused) and lists every header problem. */
export function mapHeader(header: readonly string[]): { fields: Array<RecordField | null>; errors: ColumnError[] } {
  const errors: ColumnError[] = [];
  const seen = new Map<RecordField, number>();
  const fields = header.map((rawName, index): RecordField | null => {
    const fullName = rawName.replace(/^\uFEFF/, '').trim();
    // A hostile header can be megabytes long: messages repeat at most a readable prefix. And a
    // header cell can hold a BSN (a data row pasted above the header): never repeat one.
    // Masked before shortening (a cut must not leave 8 digits of a BSN) and after it (a cut through
    // a longer number can leave nine digits that pass the elfproef).
    const masked = maskBsnShapedNumbers(fullName);
    const name = maskBsnShapedNumbers(masked.length > 80 ? `${masked.slice(0, 80)}…` : masked);
    const position = index + 1;
    if (name === '') {
      errors.push({
        code: 'empty_column_name',
        columnIndex: position,
        column: '',
        message: {
          nl: `Kolom ${position} heeft geen naam. Geef hem een veldnaam of verwijder hem.`,
          en: `Column ${position} has no name. Name it after a field or remove it.`,
        },
      });
      return null;
    }
    const field = byLowerName.get(fullName.toLowerCase());
    if (field) {
      const earlier = seen.get(field);
      if (earlier !== undefined) {
        errors.push({
          code: 'duplicate_column',
          columnIndex: position,
          column: name,
          message: {
            nl: `Kolom "${name}" komt twee keer voor (kolom ${earlier} en ${position}). Verwijder er één.`,
            en: `Column "${name}" appears twice (columns ${earlier} and ${position}). Remove one.`,
          },
        });
        return null;
      }
      seen.set(field, position);
      return field;
    }
    const identifier = identifierKind(name);
    errors.push(
      identifier
        ? {
            code: 'identifier_column',
            columnIndex: position,
            column: name,
            message: {
              nl: `Kolom "${name}" bevat ${identifier.nl}. Het portaal neemt geen direct identificerende gegevens aan (privacyregel: dataminimalisatie). Verwijder de kolom${name.toLowerCase() === 'bsn' ? '; zet een BSN eerst om naar clientPseudonym met het pseudonimiseerprogramma of op de uploadpagina' : ''}.`,
              en: `Column "${name}" holds ${identifier.en}. The portal accepts no direct identifiers (privacy rule: data minimisation). Remove the column${name.toLowerCase() === 'bsn' ? '; turn a BSN into clientPseudonym first with the pseudonymisation tool or on the upload page' : ''}.`,
            },
          }
        : {
            code: 'unknown_column',
            columnIndex: position,
            column: name,
            message: {
              nl: `Kolom "${name}" hoort niet bij het resultaatrecord. Verwijder hem; toegestane kolommen: ${recordFields.join(', ')}.`,
              en: `Column "${name}" is not part of the outcome record. Remove it; allowed columns: ${recordFields.join(', ')}.`,
            },
          },
    );
    return null;
  });
  for (const field of recordFields) {
    if (!seen.has(field) && !optionalFields.has(field)) {
      errors.push({
        code: 'missing_column',
        columnIndex: null,
        column: field,
        message: {
          nl: `De verplichte kolom "${field}" ontbreekt. Gebruik het sjabloon voor de juiste kolomnamen.`,
          en: `The required column "${field}" is missing. Use the template for the right column names.`,
        },
      });
    }
  }
  return { fields, errors };
}
