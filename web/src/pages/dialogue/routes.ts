/**
 * The resultaatdialoog pages, spread into the route table (routes.tsx). The contract manager and
 * the provider share the list, the workspace and the brief (each sees and writes its own part);
 * only the contract manager prepares. `/dialogues/new` comes before `/dialogues/:id`, which would
 * match it too.
 */
import type { RouteDef } from '../../route-types';
import { BriefPage } from './BriefPage';
import { DialoguePage } from './DialoguePage';
import { DialoguesPage } from './DialoguesPage';
import { PrepareDialoguePage } from './PrepareDialoguePage';

export const dialogueRoutes: readonly RouteDef[] = [
  {
    path: '/dialogues',
    Component: DialoguesPage,
    titleKey: 'dialogues.title',
    access: ['contract_manager', 'provider'],
    navKey: 'nav.dialogues',
    descriptionKey: 'page.dialogues.description',
  },
  { path: '/dialogues/new', Component: PrepareDialoguePage, titleKey: 'prepare.title', access: ['contract_manager'] },
  { path: '/dialogues/:id', Component: DialoguePage, titleKey: 'dialogue.titleShort', access: ['contract_manager', 'provider'] },
  { path: '/dialogues/:id/brief', Component: BriefPage, titleKey: 'brief.title', access: ['contract_manager', 'provider'] },
];
