/**
 * The access-log filters as they live in the address bar (`/audit?action=auth.login&from=2025-01-01`)
 * and as the API wants them: calendar days in the form, Amsterdam instants in the query.
 */
import type { components } from '../../api/schema';
import { amsterdamDayStart } from '../../figures/format';

type Result = components['schemas']['AccessEvent']['result'];

export const filterNames = ['from', 'to', 'actor', 'action', 'objectType', 'objectId', 'result'] as const;
export type Filters = Record<(typeof filterNames)[number], string>;

export const results: readonly Result[] = ['allowed', 'denied', 'error'];
export const knownActions = [
  'auth.login',
  'auth.logout',
  'auth.token',
  'audit.read',
  'audit.export',
  'audit.verify',
  'audit.checkpoints',
  'audit.monitoring',
];
export const knownObjectTypes = ['user', 'api_client', 'access_log', 'route', 'region', 'provider', 'period', 'submission', 'dialogue'];

export function filtersFrom(search: URLSearchParams): Filters {
  return Object.fromEntries(filterNames.map((name) => [name, search.get(name) ?? ''])) as Filters;
}

/** The API query for filters: calendar days become Amsterdam instants, "to" inclusive of its day. */
export function apiQuery(filters: Filters) {
  return {
    from: filters.from ? amsterdamDayStart(filters.from) : undefined,
    to: filters.to ? amsterdamDayStart(filters.to, 1) : undefined,
    actor: filters.actor.trim() || undefined,
    action: filters.action.trim() || undefined,
    objectType: filters.objectType.trim() || undefined,
    objectId: filters.objectId.trim() || undefined,
    result: results.find((result) => result === filters.result),
  };
}

export function searchFor(filters: Filters, beforeSeq?: number): string {
  const search = new URLSearchParams();
  for (const name of filterNames) if (filters[name].trim()) search.set(name, filters[name].trim());
  if (beforeSeq) search.set('beforeSeq', String(beforeSeq));
  const text = search.toString();
  return text ? `/audit?${text}` : '/audit';
}

/** The access log opened at one entry: newest first from `seq`, so the entry is the top row. */
export function entryPath(seq: number): string {
  return searchFor(filtersFrom(new URLSearchParams()), seq + 1);
}
