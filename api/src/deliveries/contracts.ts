/**
 * Contracts: which provider is contracted for which product categories, from when until when
 * (provider_contracts). They say who must deliver for a period. Setting a provider's contract
 * replaces its whole category set; every read and change is access-logged.
 */
import { todayInPortal } from '../../../schemas/dates.ts';
import type { Contract } from '../../../schemas/deliveries.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent, invalidLoggedId, type AccessEventInput } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { DomainError, Forbidden, NotFound, refusalLogged, ValidationFailed, type ProblemItem } from '../errors.ts';

const purpose = 'aanleverbewaking';

export function logDeliveryAccess(
  db: Queryable,
  actor: Actor,
  entry: Omit<AccessEventInput, 'result' | 'purpose' | 'origin'>,
  origin: Origin | undefined,
  result: AccessEventInput['result'] = 'allowed',
) {
  return appendAccessEvent(db, actor, { ...entry, result, purpose, origin });
}

/** The region's contracts (contract manager, admin, CLI) or the provider's own, grouped per provider and validity. */
export async function listContracts(sql: Sql, actor: Actor, origin?: Origin): Promise<Contract[]> {
  if (!actor.regionCode) throw new Forbidden();
  if (actor.role === 'municipality' || actor.role === 'auditor') throw new Forbidden();
  const own = actor.role === 'provider';
  const rows = await sql`select o.code as provider_agb, o.name as provider_name, c.valid_from, c.valid_until,
      array_agg(c.product_category::text order by c.product_category) as product_categories
    from provider_contracts c join organisations o on o.id = c.provider_id
    where c.region_code = ${actor.regionCode} ${own ? sql`and c.provider_id = ${actor.organisationId}` : sql``}
    group by o.code, o.name, c.valid_from, c.valid_until
    order by o.code, c.valid_from`;
  await logDeliveryAccess(
    sql,
    actor,
    { action: 'contract.list', actionType: 'R', objectType: 'contract', details: { returned: rows.length } },
    origin,
  );
  return rows.map(toContract);
}

function toContract(row: Record<string, unknown>): Contract {
  return {
    providerAgb: row.providerAgb as string,
    providerName: row.providerName as string,
    productCategories: row.productCategories as string[],
    validFrom: row.validFrom as string,
    validUntil: (row.validUntil as string | null) ?? null,
  };
}

export interface SetContractInput {
  productCategories: string[];
  validFrom?: string;
  validUntil?: string | null;
}

/** Sets a provider's contract (administrator, or the CLI): its categories, from, until. An empty set ends it. */
export async function setContract(sql: Sql, actor: Actor, agb: string, input: SetContractInput, origin?: Origin): Promise<Contract> {
  const regionCode = actor.regionCode;
  if (!regionCode || (actor.type !== 'system' && actor.role !== 'admin')) throw new Forbidden();
  // The AGB may come from a command line: only a well-formed one reaches the log as it is.
  const entry = {
    action: 'contract.set',
    actionType: 'U' as const,
    objectType: 'provider',
    objectId: /^[0-9]{8}$/.test(agb) ? agb : invalidLoggedId,
  };
  try {
    return await sql.begin(async (tx) => {
      const [provider] = await tx`select id, name from organisations
        where region_code = ${regionCode} and kind = 'provider' and code = ${agb}`;
      if (!provider)
        throw new NotFound('provider_not_found', {
          nl: `Aanbieder met AGB-code ${agb} bestaat niet in deze regio. Controleer de code of maak de aanbieder eerst aan.`,
          en: `There is no provider with AGB code ${agb} in this region. Check the code or create the provider first.`,
        });
      const categories = [...new Set(input.productCategories)].sort();
      const validFrom = input.validFrom ?? todayInPortal();
      const validUntil = input.validUntil ?? null;
      const problems = await contractProblems(tx, regionCode, categories, validFrom, validUntil);
      // The items' own words as the message too: the CLI prints only the message.
      if (problems.length > 0)
        throw new ValidationFailed(
          problems,
          {},
          { nl: problems.map((p) => p.message.nl).join(' '), en: problems.map((p) => p.message.en).join(' ') },
        );
      const before =
        await tx`select product_category::text as category from provider_contracts where provider_id = ${provider.id} order by 1`;
      await tx`delete from provider_contracts where provider_id = ${provider.id}`;
      if (categories.length > 0) {
        const rows = categories.map((category) => ({
          region_code: regionCode,
          provider_id: provider.id,
          product_category: category,
          valid_from: validFrom,
          valid_until: validUntil,
        }));
        await tx`insert into provider_contracts ${tx(rows)}`;
      }
      await logDeliveryAccess(
        tx,
        actor,
        {
          ...entry,
          details: { productCategories: { from: before.map((r) => r.category), to: categories }, validFrom, validUntil },
        },
        origin,
      );
      return { providerAgb: agb, providerName: provider.name as string, productCategories: categories, validFrom, validUntil };
    });
  } catch (error) {
    if (error instanceof DomainError) {
      const result = error.kind === 'not_found' || error.kind === 'forbidden' ? 'denied' : 'error';
      await logDeliveryAccess(sql, actor, { ...entry, details: { refused: error.code, kind: error.kind } }, origin, result);
      refusalLogged(error);
    }
    throw error;
  }
}

async function contractProblems(
  db: Queryable,
  regionCode: string,
  categories: string[],
  validFrom: string,
  validUntil: string | null,
): Promise<ProblemItem[]> {
  const problems: ProblemItem[] = [];
  const known = new Set(
    (await db`select product_category::text as category from region_product_categories where region_code = ${regionCode}`).map(
      (r) => r.category as string,
    ),
  );
  const allowed = [...known].sort().join(', ');
  for (const category of categories) {
    if (!known.has(category))
      problems.push({
        field: 'productCategories',
        value: category,
        code: 'unknown_product_category',
        message: {
          nl: `Productcategorie ${category} hoort niet bij deze regio. Kies uit: ${allowed}.`,
          en: `Product category ${category} is not one of this region's. Choose from: ${allowed}.`,
        },
      });
  }
  if (validUntil !== null && validUntil < validFrom)
    problems.push({
      field: 'validUntil',
      value: validUntil,
      code: 'contract_ends_before_start',
      message: {
        nl: `De einddatum ${validUntil} ligt vóór de begindatum ${validFrom}. Kies een einddatum op of na de begindatum.`,
        en: `The end date ${validUntil} is before the start date ${validFrom}. Choose an end date on or after the start date.`,
      },
    });
  return problems;
}
