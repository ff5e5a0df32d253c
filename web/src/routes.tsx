/**
 * The route table: every page, who may see it, and whether it appears in the main navigation.
 * Adding a page is one entry here; the shell (App.tsx) does the guarding, the title and the menu.
 * The route types live in route-types.ts, so no page imports this table back.
 */
import { matchPath } from './router';
import { allRoles, mayVisit, type RouteDef } from './route-types';
import type { Role } from './session';
import { AccountPage } from './pages/AccountPage';
import { AccessLogPage } from './pages/audit/AccessLogPage';
import { VerifyPage } from './pages/audit/VerifyPage';
import { CheckpointsPage } from './pages/audit/CheckpointsPage';
import { MonitoringPage } from './pages/audit/MonitoringPage';
import { DashboardPage } from './pages/DashboardPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { InboxPage } from './pages/notifications/InboxPage';
// provider pages
import { FieldGuidePage } from './pages/provider/FieldGuidePage';
import { ResultsPage } from './pages/provider/ResultsPage';
import { SubmissionsPage } from './pages/provider/SubmissionsPage';
import { UploadPage } from './pages/provider/UploadPage';
// contract manager and municipality pages
import { comparisonRoutes } from './pages/compare/routes';
// dialogue and admin pages
import { adminRoutes } from './pages/admin/routes';
import { dialogueRoutes } from './pages/dialogue/routes';
import { ContractsPage } from './pages/deliveries/ContractsPage';
import { DeliveriesPage } from './pages/deliveries/DeliveriesPage';

export const routes: readonly RouteDef[] = [
  { path: '/', Component: HomePage, titleKey: 'nav.home', access: 'guest' },
  { path: '/login', Component: LoginPage, titleKey: 'login.title', access: 'guest' },
  {
    path: '/dashboard',
    Component: DashboardPage,
    titleKey: 'nav.dashboard',
    access: allRoles,
    navKey: 'nav.dashboard',
    descriptionKey: 'page.dashboard.description',
  },
  {
    path: '/audit',
    Component: AccessLogPage,
    titleKey: 'audit.log.title',
    access: ['auditor'],
    navKey: 'nav.accessLog',
    descriptionKey: 'page.accessLog.description',
  },
  {
    path: '/audit/verify',
    Component: VerifyPage,
    titleKey: 'verify.title',
    access: ['auditor'],
    navKey: 'nav.verify',
    descriptionKey: 'page.verify.description',
  },
  {
    path: '/audit/checkpoints',
    Component: CheckpointsPage,
    titleKey: 'checkpoints.title',
    access: ['auditor'],
    navKey: 'nav.checkpoints',
    descriptionKey: 'page.checkpoints.description',
  },
  {
    path: '/audit/monitoring',
    Component: MonitoringPage,
    titleKey: 'monitoring.title',
    access: ['auditor'],
    navKey: 'nav.monitoring',
    descriptionKey: 'page.monitoring.description',
  },
  // provider pages
  {
    path: '/provider/upload',
    Component: UploadPage,
    titleKey: 'provider.upload.title',
    access: ['provider'],
    navKey: 'provider.nav.upload',
    descriptionKey: 'provider.page.upload.description',
  },
  {
    path: '/provider/submissions',
    Component: SubmissionsPage,
    titleKey: 'provider.history.title',
    access: ['provider'],
    navKey: 'provider.nav.history',
    descriptionKey: 'provider.page.history.description',
  },
  {
    path: '/provider/results',
    Component: ResultsPage,
    titleKey: 'provider.results.title',
    access: ['provider'],
    navKey: 'provider.nav.results',
    descriptionKey: 'provider.page.results.description',
  },
  {
    path: '/provider/field-guide',
    Component: FieldGuidePage,
    titleKey: 'provider.guide.title',
    access: ['provider'],
    navKey: 'provider.nav.guide',
    descriptionKey: 'provider.page.guide.description',
  },
  // contract manager and municipality pages
  ...comparisonRoutes,
  {
    path: '/deliveries',
    Component: DeliveriesPage,
    titleKey: 'deliveries.title',
    access: ['contract_manager', 'admin'],
    navKey: 'nav.deliveries',
    descriptionKey: 'page.deliveries.description',
  },
  {
    path: '/admin/contracts',
    Component: ContractsPage,
    titleKey: 'contracts.title',
    access: ['admin'],
    navKey: 'nav.contracts',
    descriptionKey: 'page.contracts.description',
  },
  // dialogue and admin pages
  ...dialogueRoutes,
  ...adminRoutes,
  {
    path: '/meldingen',
    Component: InboxPage,
    titleKey: 'notifications.title',
    access: allRoles,
    navKey: 'nav.notifications',
    descriptionKey: 'page.notifications.description',
  },
  {
    path: '/account',
    Component: AccountPage,
    titleKey: 'account.title',
    access: allRoles,
    navKey: 'nav.account',
    descriptionKey: 'page.account.description',
  },
];

export function findRoute(pathname: string): { route: RouteDef; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

/** The pages in a role's main navigation, in table order. */
export function navigationFor(role: Role): RouteDef[] {
  return routes.filter((route) => route.navKey && mayVisit(route, role));
}

/** Whether a path needs a logged-in user (so the first load asks the server who that is). */
export function needsSession(pathname: string): boolean {
  const found = findRoute(pathname);
  return found !== undefined && typeof found.route.access !== 'string';
}
