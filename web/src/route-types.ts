/**
 * What a route is, apart from the table itself (routes.tsx): pages and their area route tables
 * import these types from here, so nothing below the table imports the table back.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from './i18n';
import type { Role } from './session';

export const allRoles: readonly Role[] = ['provider', 'contract_manager', 'municipality', 'auditor', 'admin'];

export interface PageProps {
  params: Record<string, string>;
}

export interface RouteDef {
  /** Path pattern; `:name` matches one segment and arrives in `params`. */
  path: string;
  Component: ComponentType<PageProps>;
  /** Shown before the portal name in the browser tab; also the menu label unless `navKey` is set. */
  titleKey: MessageKey;
  /**
   * `public`: anyone. `guest`: only when logged out (a logged-in visitor goes to their start page).
   * A list of roles: only those, after login; other roles get the not-allowed page.
   */
  access: 'public' | 'guest' | readonly Role[];
  /** In the main navigation of the roles that may see it, with this label. */
  navKey?: MessageKey;
  /** One line on the dashboard saying what the page is for. */
  descriptionKey?: MessageKey;
}

export function mayVisit(route: RouteDef, role: Role): boolean {
  return typeof route.access !== 'string' && route.access.includes(role);
}

/** Where a role lands after login. */
export function startPath(_role: Role): string {
  return '/dashboard';
}
