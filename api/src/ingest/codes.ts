/** The code lists and periods of the caller's region, for upload pages and provider systems. */
import {
  careForms,
  endReasons,
  furtherHelpAnswers,
  goalAttainmentValues,
  ijwEndReasonToCbs,
  productCategories,
} from '../../../schemas/codes.ts';
import type { Actor } from '../auth/actor.ts';
import type { Sql } from '../db/connect.ts';

export async function listCodes(sql: Sql, actor: Actor) {
  const municipalities = await sql`select municipality_code as code, name, valid_from::text, valid_until::text
    from region_municipalities where region_code = ${actor.regionCode} order by name`;
  const categories = await sql`select product_category from region_product_categories where region_code = ${actor.regionCode}`;
  const accepted = new Set(categories.map((c) => c.productCategory as string));
  return {
    regionCode: actor.regionCode ?? '',
    municipalities: municipalities.map((m) => ({
      code: m.code as string,
      name: m.name as string,
      validFrom: m.validFrom as string,
      validUntil: (m.validUntil as string | null) ?? null,
    })),
    productCategories: productCategories.filter((c) => accepted.has(c.code)),
    careForms: [...careForms],
    endReasons: [...endReasons],
    ijwEndReasonMapping: { ...ijwEndReasonToCbs },
    goalAttainment: [...goalAttainmentValues],
    furtherHelp: [...furtherHelpAnswers],
    usefulness: { min: 1 as const, max: 10 as const },
  };
}

export async function listPeriods(sql: Sql, actor: Actor) {
  const rows = await sql`select code, starts_on, ends_on, deadline, closed from periods
    where region_code = ${actor.regionCode} order by starts_on desc`;
  return rows.map((p) => ({
    code: p.code as string,
    startsOn: p.startsOn as string,
    endsOn: p.endsOn as string,
    deadline: p.deadline as string,
    closed: p.closed as boolean,
  }));
}
