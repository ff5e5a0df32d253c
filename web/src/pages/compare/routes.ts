/**
 * The contract manager's comparison pages and the municipality's residents page, spread into the
 * route table (routes.tsx). Admins and auditors are deliberately absent: they see no outcome data
 * here (SPEC §1, §4.4), even where the API would answer an admin.
 */
import type { RouteDef } from '../../route-types';
import { ResidentsPage } from '../municipality/ResidentsPage';
import { FunnelPage } from './FunnelPage';
import { OverviewPage } from './OverviewPage';
import { ProviderPage } from './ProviderPage';

export const comparisonRoutes: readonly RouteDef[] = [
  {
    path: '/compare',
    Component: OverviewPage,
    titleKey: 'compare.overview.title',
    access: ['contract_manager'],
    navKey: 'nav.compare',
    descriptionKey: 'page.compare.description',
  },
  {
    path: '/compare/funnel',
    Component: FunnelPage,
    titleKey: 'funnel.title',
    access: ['contract_manager'],
    navKey: 'nav.funnel',
    descriptionKey: 'page.funnel.description',
  },
  {
    path: '/compare/providers/:agb',
    Component: ProviderPage,
    titleKey: 'detail.title',
    access: ['contract_manager'],
  },
  {
    path: '/residents',
    Component: ResidentsPage,
    titleKey: 'residents.title',
    access: ['municipality'],
    navKey: 'nav.residents',
    descriptionKey: 'page.residents.description',
  },
];
