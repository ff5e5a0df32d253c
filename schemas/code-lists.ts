/** The code lists as GET /codes returns them (zod, for the contract). */
import { z } from '@hono/zod-openapi';

export const CodeSchema = z.object({ code: z.string(), nl: z.string(), en: z.string() }).openapi('Code');

export const MunicipalitySchema = z
  .object({ code: z.string().regex(/^[0-9]{4}$/), name: z.string(), validFrom: z.iso.date(), validUntil: z.iso.date().nullable() })
  .openapi('Municipality');

export const CodeListsSchema = z
  .object({
    regionCode: z.string(),
    municipalities: z.array(MunicipalitySchema),
    productCategories: z.array(CodeSchema).describe("The region's accepted product categories (iJw JZ020)"),
    careForms: z.array(CodeSchema),
    endReasons: z.array(CodeSchema),
    ijwEndReasonMapping: z.record(z.string(), z.string()).describe('iJw JZ588 code → CBS code, applied on upload'),
    goalAttainment: z.array(CodeSchema),
    furtherHelp: z.array(CodeSchema),
    usefulness: z.object({ min: z.literal(1), max: z.literal(10) }),
  })
  .openapi('CodeLists');
