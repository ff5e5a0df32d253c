/**
 * The region's dialogue setting (issue 7.6): whether municipalities see the actions of finished
 * dialogues with providers that serve their residents. Off unless the region switches it on;
 * an administrator changes it, and the change is access-logged.
 */
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Forbidden } from '../errors.ts';
import { logDialogueAccess } from './access-log.ts';

export async function actionsVisibleToMunicipalities(db: Queryable, regionCode: string): Promise<boolean> {
  const [row] = await db`select dialogue_actions_for_municipalities from regions where code = ${regionCode}`;
  return row?.dialogueActionsForMunicipalities === true;
}

export async function getDialogueSettings(sql: Sql, actor: Actor, origin: Origin) {
  if (!actor.regionCode) throw new Forbidden();
  const visible = await actionsVisibleToMunicipalities(sql, actor.regionCode);
  await logDialogueAccess(
    sql,
    actor,
    { action: 'region.dialogue_settings.read', actionType: 'R', objectType: 'region', objectId: actor.regionCode },
    origin,
  );
  return { actionsVisibleToMunicipalities: visible };
}

export async function setDialogueSettings(sql: Sql, actor: Actor, settings: { actionsVisibleToMunicipalities: boolean }, origin: Origin) {
  if (actor.role !== 'admin' || !actor.regionCode) throw new Forbidden();
  return sql.begin(async (tx) => {
    const [before] = await tx`select dialogue_actions_for_municipalities from regions where code = ${actor.regionCode} for update`;
    await tx`update regions set dialogue_actions_for_municipalities = ${settings.actionsVisibleToMunicipalities} where code = ${actor.regionCode}`;
    await logDialogueAccess(
      tx,
      actor,
      {
        action: 'region.dialogue_settings.update',
        actionType: 'U',
        objectType: 'region',
        objectId: actor.regionCode,
        details: {
          actionsVisibleToMunicipalities: {
            from: before?.dialogueActionsForMunicipalities === true,
            to: settings.actionsVisibleToMunicipalities,
          },
        },
      },
      origin,
    );
    return { actionsVisibleToMunicipalities: settings.actionsVisibleToMunicipalities };
  });
}
