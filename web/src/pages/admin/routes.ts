/**
 * The functional administrator's pages (API under /api/v1/admin/*), spread into the route table
 * (routes.tsx). Administrators see no outcome data: these pages manage accounts, organisations,
 * API clients, periods and thresholds only.
 */
import type { RouteDef } from '../../route-types';
import { ApiClientsPage } from './ApiClientsPage';
import { LockExceptionsPage } from './LockExceptionsPage';
import { PeriodsPage } from './PeriodsPage';
import { ProvidersPage } from './ProvidersPage';
import { RegionPage } from './RegionPage';
import { UsersPage } from './UsersPage';

export const adminRoutes: readonly RouteDef[] = [
  {
    path: '/admin/users',
    Component: UsersPage,
    titleKey: 'admin.users.title',
    access: ['admin'],
    navKey: 'nav.admin.users',
    descriptionKey: 'page.admin.users.description',
  },
  {
    path: '/admin/providers',
    Component: ProvidersPage,
    titleKey: 'admin.providers.title',
    access: ['admin'],
    navKey: 'nav.admin.providers',
    descriptionKey: 'page.admin.providers.description',
  },
  {
    path: '/admin/api-clients',
    Component: ApiClientsPage,
    titleKey: 'admin.clients.title',
    access: ['admin'],
    navKey: 'nav.admin.clients',
    descriptionKey: 'page.admin.clients.description',
  },
  {
    path: '/admin/periods',
    Component: PeriodsPage,
    titleKey: 'admin.periods.title',
    access: ['admin'],
    navKey: 'nav.admin.periods',
    descriptionKey: 'page.admin.periods.description',
  },
  {
    path: '/admin/lock-exceptions',
    Component: LockExceptionsPage,
    titleKey: 'admin.locks.title',
    access: ['admin'],
    navKey: 'nav.admin.locks',
    descriptionKey: 'page.admin.locks.description',
  },
  {
    path: '/admin/region',
    Component: RegionPage,
    titleKey: 'admin.region.title',
    access: ['admin'],
    navKey: 'nav.admin.region',
    descriptionKey: 'page.admin.region.description',
  },
];
