/** The column mapping as the API takes and gives it (schemas/column-mapping.ts applies it). */
import { z } from '@hono/zod-openapi';
import { findBsnShapedNumbers } from './bsn.ts';
import { mappableFields, type ColumnMapping } from './column-mapping.ts';

const columnName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => findBsnShapedNumbers(name, 'text').length === 0, {
    message: 'a column name or code may not contain a BSN-shaped number; name the column, not a value',
    params: { nl: 'een kolomnaam of code mag geen getal bevatten dat op een BSN lijkt; geef de naam van de kolom, geen waarde' },
  });

export const ColumnMappingSchema = z
  .object({
    columns: z.partialRecord(z.enum(mappableFields), columnName).default({}).openapi({
      description: 'The provider’s column for each record field it maps (bsn instead of clientPseudonym: the tool pseudonymises it)',
    }),
    birthDateColumn: columnName
      .nullable()
      .default(null)
      .openapi({ description: 'A date-of-birth column: the tool derives ageAtStart (whole years at startDate) and leaves the date out' }),
    values: z
      .partialRecord(
        z.enum(mappableFields),
        z.record(columnName, z.string().trim().max(20)).refine((map) => Object.keys(map).length <= 200, {
          message: 'at most 200 codes per field',
          params: { nl: 'hoogstens 200 codes per veld' },
        }),
      )
      .default({})
      .openapi({ description: 'Code translations per field: the provider’s value → the portal’s code' }),
  })
  .refine((mapping) => !(mapping.birthDateColumn && mapping.columns.ageAtStart), {
    message: 'map either ageAtStart or a birth-date column, not both',
    params: { nl: 'koppel óf een kolom aan ageAtStart óf een kolom met de geboortedatum, niet allebei' },
    path: ['birthDateColumn'],
  })
  .openapi('ColumnMapping');

export const StoredColumnMappingSchema = z
  .object({
    mapping: ColumnMappingSchema,
    updatedAt: z.string().datetime().nullable().openapi({ description: 'When it was last saved; null: never (the mapping is empty)' }),
  })
  .openapi('StoredColumnMapping');

// The API's shape and the pure module's type are one.
const sameShape: ColumnMapping = {} as z.infer<typeof ColumnMappingSchema>;
void sameShape;
