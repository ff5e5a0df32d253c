/**
 * A dialogue as the API returns it. Both parties (the region's contract manager and the provider)
 * see the same record: snapshot, duiding, meeting record, actions and the actions carried over.
 */
import { portalTimeZone, todayInPortal } from '../../../schemas/dates.ts';
import type { Queryable } from '../db/connect.ts';
import { Conflict } from '../errors.ts';
import { periodFinality } from '../indicators/finality.ts';
import { otherSourceSubmissions, submissionsDigest } from '../indicators/sources.ts';
import { findSubmission } from '../ingest/queries.ts';
import { snapshotForReader } from './snapshot.ts';
import {
  actionsOf,
  carriedOverActions,
  dialogueHeader,
  parseActorRef,
  whoIs,
  type ActionRow,
  type DialogueRow,
  type DialogueStatus,
} from './queries.ts';

/** Today in the region (Dutch time): a meeting held today is not 'in the future' before 01:00 UTC. */
export const today = () => todayInPortal();

export function definedOnly(filter: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

export function publicAction(action: ActionRow) {
  return {
    id: action.id,
    dialogueId: action.dialogueId,
    period: action.period,
    description: action.description,
    owner: action.owner,
    dueDate: action.dueDate,
    status: action.status,
    followUp: action.followUp,
    followedUpInDialogueId: action.followedUpInDialogueId,
    version: action.version,
    createdAt: action.createdAt,
    updatedAt: action.updatedAt,
  };
}

export function summaryOf(row: DialogueRow) {
  return {
    id: row.id,
    provider: { agb: row.providerAgb, name: row.providerName },
    period: row.periodCode,
    productCategories: row.snapshot.productCategories,
    status: row.status,
    version: row.version,
    meetingDate: row.meetingDate,
    preparedAt: row.preparedAt,
    updatedAt: row.updatedAt,
    openActions: row.openActions,
  };
}

/**
 * Whether newer data exists than the snapshot was frozen from: the provider's own submission in it
 * was replaced (a resubmission), or the other submissions its figures come from are no longer the
 * same set (a peer resubmitted for the period, or a later period arrived that moves re-entry). The
 * figures themselves are not recomputed here; /dialogues/{id}/changes does that on request.
 */
async function newerDataOf(db: Queryable, row: DialogueRow) {
  const snapshot = row.snapshot;
  let replacedAt: string | null = null;
  for (const used of snapshot.submissions) {
    const submission = await findSubmission(db, used.id);
    if (submission?.status === 'replaced' && submission.replacedAt && (replacedAt === null || submission.replacedAt < replacedAt))
      replacedAt = submission.replacedAt;
  }
  const otherData =
    snapshot.otherSources !== undefined &&
    snapshot.otherSources !==
      submissionsDigest(
        await otherSourceSubmissions(db, {
          regionCode: row.regionCode,
          periodCode: snapshot.period,
          productCategories: snapshot.productCategories,
          providerAgb: snapshot.provider.agb,
        }),
      );
  const finality = await periodFinality(db, row.regionCode, snapshot.period);
  return {
    exists: replacedAt !== null || otherData,
    resubmitted: replacedAt !== null,
    replacedAt,
    otherData,
    changedAfterFinal: finality ? await changedAfterFinal(db, row, finality.finalFrom) : false,
    finalFrom: finality?.finalFrom ?? null,
  };
}

/**
 * Whether the provider committed a submission for the period on or after the day its figures
 * became final (Dutch time), one the snapshot was not made from: possible only with a lock
 * exception, and worth saying, because everyone relied on those figures as final (issue 17).
 */
async function changedAfterFinal(db: Queryable, row: DialogueRow, finalFrom: string): Promise<boolean> {
  const used = row.snapshot.submissions.map((s) => s.id);
  const [found] = await db`select 1 from submissions s join organisations o on o.id = s.provider_id
    where s.region_code = ${row.regionCode} and s.period_code = ${row.snapshot.period} and o.code = ${row.snapshot.provider.agb}
      and (s.submitted_at at time zone ${portalTimeZone})::date >= ${finalFrom}::date
      and not (s.id::text = any(${used}::text[]))
    limit 1`;
  return Boolean(found);
}

/**
 * The whole dialogue as its reader sees it: both parties see the same record, except the figures a
 * provider may not read (snapshotForReader).
 */
export async function dialogueView(db: Queryable, row: DialogueRow, reader: { role?: string | null }) {
  const [preparedBy] = await whoIs(db, [parseActorRef(row.preparedBy)]);
  return {
    ...summaryOf(row),
    notes: row.notes,
    generalExplanation: row.generalExplanation,
    explanations: row.explanations,
    snapshot: snapshotForReader(row.snapshot, reader.role),
    actions: (await actionsOf(db, row.id)).map(publicAction),
    carriedOverActions: (await carriedOverActions(db, row)).map(publicAction),
    previousDialogue: row.previousDialogueId ? await dialogueHeader(db, row.previousDialogueId) : null,
    newerData: await newerDataOf(db, row),
    preparedBy,
  };
}
export type DialogueView = Awaited<ReturnType<typeof dialogueView>>;

/** What a 409 carries: the dialogue as it is now (without the bulky snapshot) and its version. */
export async function versionConflict(db: Queryable, row: DialogueRow, seen: number) {
  const { snapshot: _snapshot, ...current } = await dialogueView(db, row, { role: null });
  return new Conflict(
    'version_conflict',
    {
      nl: `Iemand anders heeft deze dialoog intussen gewijzigd (u bewerkte versie ${seen}, nu is het versie ${row.version}). Uw wijziging is niet opgeslagen; bekijk de huidige versie en probeer het opnieuw.`,
      en: `Someone else changed this dialogue in the meantime (you edited version ${seen}, it is now version ${row.version}). Your change was not saved; review the current version and try again.`,
    },
    { currentVersion: row.version, current },
  );
}

export function closedDialogue(row: { status: DialogueStatus }) {
  return new Conflict(
    'dialogue_closed',
    {
      nl: `Deze dialoog is ${row.status} en kan niet meer worden gewijzigd. Leg vervolgafspraken vast in de volgende dialoog met deze aanbieder.`,
      en: `This dialogue is ${row.status} (${row.status === 'afgerond' ? 'finished' : 'cancelled'}) and can no longer be changed. Record follow-up in the next dialogue with this provider.`,
    },
    { dialogueStatus: row.status },
  );
}
