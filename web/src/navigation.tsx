/**
 * The pages in the logged-in role's main navigation, handed down by the shell (App.tsx), which
 * reads them from the route table: the header and the dashboard list them without importing
 * routes.tsx (which imports every page).
 */
import { createContext, useContext } from 'react';
import type { RouteDef } from './route-types';

export const NavigationContext = createContext<readonly RouteDef[]>([]);

/** The pages the current user may open from the main navigation, in table order. */
export function useNavigation(): readonly RouteDef[] {
  return useContext(NavigationContext);
}
