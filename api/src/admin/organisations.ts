import type { Queryable, Sql } from '../db/connect.ts';
import type { Actor } from '../auth/actor.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { BadRequest, Conflict, NotFound } from '../errors.ts';

export interface RegionSetup {
  code: string;
  name: string;
  municipalities: { code: string; name: string; validUntil: string | null }[];
  productCategories: string[];
}

/** Creates or completes a region with its municipalities and accepted product categories. */
export async function upsertRegion(sql: Sql, actor: Actor, region: RegionSetup): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`insert into regions (code, name) values (${region.code}, ${region.name})
             on conflict (code) do update set name = excluded.name`;
    for (const m of region.municipalities) {
      await tx`insert into region_municipalities (region_code, municipality_code, name, valid_until)
               values (${region.code}, ${m.code}, ${m.name}, ${m.validUntil})
               on conflict (region_code, municipality_code) do update set name = excluded.name, valid_until = excluded.valid_until`;
      await tx`insert into organisations (region_code, kind, code, name)
               values (${region.code}, 'municipality', ${m.code}, ${`Gemeente ${m.name}`})
               on conflict (region_code, kind, code) do nothing`;
    }
    for (const category of region.productCategories) {
      await tx`insert into region_product_categories (region_code, product_category)
               values (${region.code}, ${category}) on conflict do nothing`;
    }
    const [bureau] = await tx`select id from organisations where region_code = ${region.code} and kind = 'service_bureau'`;
    if (!bureau) {
      await tx`insert into organisations (region_code, kind, code, name)
               values (${region.code}, 'service_bureau', null, ${`Servicebureau ${region.name}`})`;
    }
    await appendAccessEvent(tx, actor, {
      action: 'region.upsert',
      actionType: 'U',
      objectType: 'region',
      objectId: region.code,
      result: 'allowed',
      details: { municipalities: region.municipalities.length, productCategories: region.productCategories.length },
    });
  });
}

export interface Organisation {
  id: number;
  regionCode: string;
  kind: 'provider' | 'municipality' | 'service_bureau';
  code: string | null;
  name: string;
}

export async function createProvider(
  sql: Sql,
  actor: Actor,
  input: { agb: string; name: string; regionCode: string },
): Promise<Organisation> {
  if (!/^[0-9]{8}$/.test(input.agb)) {
    throw new BadRequest('invalid_agb', {
      nl: `AGB-code "${input.agb}" is ongeldig: een AGB-code heeft 8 cijfers.`,
      en: `AGB code "${input.agb}" is invalid: an AGB code has 8 digits.`,
    });
  }
  if (input.name.trim() === '') {
    throw new BadRequest('invalid_name', { nl: 'Geef een naam op.', en: 'Give a name.' });
  }
  return sql.begin(async (tx) => {
    await requireRegion(tx, input.regionCode);
    const [existing] = await tx`select id from organisations
      where region_code = ${input.regionCode} and kind = 'provider' and code = ${input.agb}`;
    if (existing) {
      throw new Conflict('provider_exists', {
        nl: `Aanbieder met AGB-code ${input.agb} bestaat al in regio ${input.regionCode}.`,
        en: `A provider with AGB code ${input.agb} already exists in region ${input.regionCode}.`,
      });
    }
    const [row] = await tx`insert into organisations (region_code, kind, code, name)
      values (${input.regionCode}, 'provider', ${input.agb}, ${input.name.trim()})
      returning id, region_code, kind, code, name`;
    await appendAccessEvent(tx, actor, {
      action: 'provider.create',
      actionType: 'C',
      objectType: 'provider',
      objectId: input.agb,
      result: 'allowed',
    });
    return { ...(row as unknown as Organisation), id: Number(row.id) };
  }) as Promise<Organisation>;
}

export async function requireRegion(sql: Queryable, regionCode: string): Promise<void> {
  const [region] = await sql`select code from regions where code = ${regionCode}`;
  if (!region) {
    throw new NotFound('region_not_found', {
      nl: `Regio ${regionCode} bestaat niet. Controleer REGION of --region.`,
      en: `Region ${regionCode} does not exist. Check REGION or --region.`,
    });
  }
}

/**
 * Finds the organisation a new user belongs to: a provider by AGB (8 digits), a municipality by
 * gemeentecode (4 digits, GM prefix allowed), otherwise the region's service bureau.
 */
export async function findOrganisationForRole(
  sql: Queryable,
  regionCode: string,
  role: string,
  orgCode: string | undefined,
): Promise<Organisation> {
  const code = orgCode?.replace(/^GM/i, '');
  let rows;
  if (role === 'provider') {
    rows = await sql`select id, region_code, kind, code, name from organisations
      where region_code = ${regionCode} and kind = 'provider' and code = ${code ?? ''}`;
  } else if (role === 'municipality') {
    rows = await sql`select id, region_code, kind, code, name from organisations
      where region_code = ${regionCode} and kind = 'municipality' and code = ${code ?? ''}`;
  } else {
    rows = await sql`select id, region_code, kind, code, name from organisations
      where region_code = ${regionCode} and kind = 'service_bureau'`;
  }
  const [row] = rows;
  if (!row) {
    throw new NotFound('organisation_not_found', {
      nl: `Geen organisatie gevonden voor rol ${role}${orgCode ? ` en code ${orgCode}` : ''} in regio ${regionCode}. Een aanbieder heeft --org AGB-code nodig, een gemeente --org gemeentecode.`,
      en: `No organisation found for role ${role}${orgCode ? ` and code ${orgCode}` : ''} in region ${regionCode}. A provider needs --org with its AGB code, a municipality --org with its gemeentecode.`,
    });
  }
  return { ...(row as unknown as Organisation), id: Number(row.id) };
}
