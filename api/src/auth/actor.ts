/** Who is acting: a logged-in user, a provider system (API client), nobody yet, or the portal itself. */

export const roles = ['provider', 'contract_manager', 'municipality', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  type: 'user' | 'client' | 'anonymous' | 'system';
  /** user id, API client id, or a label for system jobs (e.g. 'cli', 'demo-seed'). */
  id: string | null;
  role: Role | null;
  organisationId: number | null;
  /** AGB code, gemeentecode or 'servicebureau': what an auditor reads. */
  organisationCode: string | null;
  regionCode: string | null;
  scopes: string[];
}

export function systemActor(label: string, regionCode: string | null = null): Actor {
  return { type: 'system', id: label, role: null, organisationId: null, organisationCode: null, regionCode, scopes: [] };
}

export const anonymousActor: Actor = {
  type: 'anonymous',
  id: null,
  role: null,
  organisationId: null,
  organisationCode: null,
  regionCode: null,
  scopes: [],
};
