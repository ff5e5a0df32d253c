/**
 * The indicator reads of the API, a thin layer over the figures (figures.ts, trend.ts,
 * quality.ts): who may read, which municipality a reader is held to, the remembered answer
 * (answers.ts) and one access-log entry per call. No figure is computed here.
 */
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { Forbidden } from '../errors.ts';
import { remembered, type Answer } from './answers.ts';
import { indicatorDatabases, type IndicatorDatabases } from './databases.ts';
import {
  casemixFigures,
  definitionOf,
  funnelFigures,
  indicatorTableFigures,
  periodClosed,
  readingFor,
  regionRules,
  type CasemixFigures,
  type FunnelFigures,
  type IndicatorTableFigures,
  type Reader,
  type Reading,
} from './figures.ts';
import { periodFinality } from './finality.ts';
import { dataQualityFigures, type DataQualityFigures } from './quality.ts';
import { trendFigures, type TrendFigures } from './trend.ts';

export interface Query {
  period: string;
  productCategory: string;
  providerAgb?: string;
  municipalityCode?: string;
}

type ComparisonQuery = Query & { indicator: string };

/** Computes (or finds remembered) one kind of answer for this reader and query; see answers.ts. */
async function answer<T>(
  sql: Sql,
  kind: string,
  reader: Reader,
  query: Query,
  compute: (reading: Reading) => Promise<{ body: T; returned: number }>,
): Promise<Answer<T>> {
  const rules = await regionRules(sql, reader.regionCode);
  const closed = await periodClosed(sql, reader.regionCode, query.period);
  const finality = await periodFinality(sql, reader.regionCode, query.period);
  const { dataRevision, ...settings } = rules;
  // Closing a period changes what a provider sees without a new data revision, and the phase moves
  // with the calendar (a remembered answer must not stay provisional): both are part of the key.
  return remembered(
    sql,
    {
      kind,
      actor: reader,
      regionCode: reader.regionCode,
      dataRevision,
      query: { ...query },
      settings: { ...settings, closed, phase: finality?.phase ?? null, finalFrom: finality?.finalFrom ?? null },
    },
    async () => compute(await readingFor(sql, reader, query.period, query.productCategory, rules, closed, finality)),
  );
}

const viewers = ['contract_manager', 'provider', 'municipality', 'admin'];

function requireReader(actor: Actor, roles: readonly string[] = viewers): asserts actor is Reader {
  if (!actor.regionCode || !roles.includes(actor.role ?? '')) throw new Forbidden();
}

/** The municipality a reader looks at: a municipality is held to its residents whatever it asks. */
function scopedMunicipality(actor: Reader, query: { municipalityCode?: string }): string | undefined {
  if (actor.role === 'municipality' && query.municipalityCode && query.municipalityCode !== actor.organisationCode) throw new Forbidden();
  return actor.role === 'municipality' ? actor.organisationCode! : query.municipalityCode;
}

async function logAccess(sql: Sql, actor: Actor, action: string, query: object, origin: Origin, returned: number) {
  await appendAccessEvent(sql, actor, {
    action,
    actionType: 'R',
    objectType: 'indicators',
    objectId: String((query as { period?: string }).period ?? ''),
    result: 'allowed',
    purpose: 'vergelijking resultaten',
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned },
    origin,
  });
}

/** GET /indicators: a row per provider the reader may see, plus the region (peer group) total. */
export async function indicatorTable(
  db: Sql | IndicatorDatabases,
  actor: Actor,
  query: Query,
  origin: Origin,
): Promise<IndicatorTableFigures> {
  return (await indicatorTableAnswer(db, actor, query, origin)).body();
}

export async function indicatorTableAnswer(
  db: Sql | IndicatorDatabases,
  actor: Actor,
  query: Query,
  origin: Origin,
): Promise<Answer<IndicatorTableFigures>> {
  requireReader(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const result = await answer(sql, 'indicators', actor, query, async (reading) => {
    const body = indicatorTableFigures(reading, { ...query, municipalityCode: scopedMunicipality(actor, query) });
    return { body, returned: body.rows.length };
  });
  await logAccess(log, actor, 'indicators.read', query, origin, result.returned);
  return result;
}

/** GET /comparisons/funnel: each provider's proportion against its n, with the peer line and limits. */
export async function funnel(db: Sql | IndicatorDatabases, actor: Actor, query: ComparisonQuery, origin: Origin): Promise<FunnelFigures> {
  return (await funnelAnswer(db, actor, query, origin)).body();
}

export async function funnelAnswer(
  db: Sql | IndicatorDatabases,
  actor: Actor,
  query: ComparisonQuery,
  origin: Origin,
): Promise<Answer<FunnelFigures>> {
  requireReader(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const definition = definitionOf(query.indicator);
  const result = await answer(sql, 'funnel', actor, query, async (reading) => {
    const body = funnelFigures(reading, { ...query, municipalityCode: scopedMunicipality(actor, query) }, definition);
    return { body, returned: body.points.length };
  });
  await logAccess(log, actor, 'comparisons.funnel', query, origin, result.returned);
  return result;
}

/** GET /comparisons/casemix: observed, expected and O/E per provider (age band × care form). */
export async function casemix(db: Sql | IndicatorDatabases, actor: Actor, query: ComparisonQuery, origin: Origin): Promise<CasemixFigures> {
  return (await casemixAnswer(db, actor, query, origin)).body();
}

export async function casemixAnswer(
  db: Sql | IndicatorDatabases,
  actor: Actor,
  query: ComparisonQuery,
  origin: Origin,
): Promise<Answer<CasemixFigures>> {
  requireReader(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const definition = definitionOf(query.indicator);
  const result = await answer(sql, 'casemix', actor, query, async (reading) => {
    const body = await casemixFigures(sql, actor, reading, { ...query, municipalityCode: scopedMunicipality(actor, query) }, definition);
    return { body, returned: body.rows.length };
  });
  await logAccess(log, actor, 'comparisons.casemix', query, origin, result.returned);
  return result;
}

/** GET /comparisons/trend: the last four periods per provider the reader may see and for the region. */
export async function trendSeries(
  db: Sql | IndicatorDatabases,
  actor: Actor,
  query: { period: string; productCategory: string; indicator: string; providerAgb?: string },
  origin: Origin,
): Promise<TrendFigures> {
  requireReader(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const definition = definitionOf(query.indicator);
  const body = await trendFigures(
    sql,
    actor,
    { ...query, municipalityCode: actor.role === 'municipality' ? actor.organisationCode! : undefined },
    definition,
  );
  await appendAccessEvent(log, actor, {
    action: 'comparisons.trend',
    actionType: 'R',
    objectType: 'indicators',
    objectId: query.period,
    result: 'allowed',
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned: body.providers.length },
    origin,
  });
  return body;
}

/** GET /data-quality: a provider its own, contract managers their region. */
export async function dataQuality(
  db: Sql | IndicatorDatabases,
  actor: Actor,
  query: { period: string; providerAgb?: string },
  origin: Origin,
): Promise<DataQualityFigures> {
  requireReader(actor, ['provider', 'contract_manager', 'admin']);
  const { read: sql, log } = indicatorDatabases(db);
  const body = await dataQualityFigures(sql, actor, query);
  await appendAccessEvent(log, actor, {
    action: 'data_quality.read',
    actionType: 'R',
    objectType: 'indicators',
    objectId: query.period,
    result: 'allowed',
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned: body.providers.length },
    origin,
  });
  return body;
}
