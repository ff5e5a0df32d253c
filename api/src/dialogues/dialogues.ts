/**
 * The resultaatdialoog (SPEC §7, issue 7): listing, reading, history, what changed since the
 * snapshot, and preparing (the moment the snapshot is frozen). A contract manager prepares it,
 * the provider writes its duiding before the meeting (update.ts), the contract manager records
 * the meeting and the actions (actions.ts). Every request is access-logged once.
 */
import { enqueueNotification } from '../notifications/outbox.ts';
import type { DialogueChanges } from '../../../schemas/dialogue.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { findOrganisationForRole } from '../admin/organisations.ts';
import type { Sql } from '../db/connect.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed, type ProblemItem } from '../errors.ts';
import { listCodes, listPeriods } from '../ingest/codes.ts';
import { logDialogueAccess, withRefusalsLogged } from './access-log.ts';
import {
  actorRef,
  findDialogue,
  historyRows,
  liveDialogueFor,
  listDialogueRows,
  notFound,
  previousDialogue,
  recordEvent,
  whoIs,
  type Change,
  type DialogueStatus,
} from './queries.ts';
import { compareSnapshots, readSnapshot, snapshotForReader } from './snapshot.ts';
import { periodClosed } from '../indicators/figures.ts';
import { definedOnly, dialogueView, summaryOf, type DialogueView } from './view.ts';

// ---------------------------------------------------------------------------------------------
// Reading

export interface DialogueFilter {
  period?: string;
  providerAgb?: string;
  status?: DialogueStatus;
}

export async function listDialogues(sql: Sql, actor: Actor, filter: DialogueFilter, origin: Origin) {
  const rows = await listDialogueRows(sql, actor, filter);
  await logDialogueAccess(
    sql,
    actor,
    { action: 'dialogue.list', actionType: 'R', details: { filters: definedOnly(filter), returned: rows.length } },
    origin,
  );
  return { dialogues: rows.map(summaryOf) };
}

export async function getDialogue(sql: Sql, actor: Actor, id: string, origin: Origin) {
  const row = await findDialogue(sql, actor, id);
  await logDialogueAccess(sql, actor, { action: 'dialogue.read', actionType: 'R', objectId: id }, origin, row ? 'allowed' : 'denied');
  if (!row) throw notFound();
  return dialogueView(sql, row, actor);
}

export async function dialogueHistory(sql: Sql, actor: Actor, id: string, origin: Origin) {
  const row = await findDialogue(sql, actor, id);
  const rows = row ? await historyRows(sql, id) : [];
  await logDialogueAccess(
    sql,
    actor,
    { action: 'dialogue.history', actionType: 'R', objectId: id, details: { returned: rows.length } },
    origin,
    row ? 'allowed' : 'denied',
  );
  if (!row) throw notFound();
  const who = await whoIs(
    sql,
    rows.map((r) => ({
      type: r.actorType as string,
      id: r.actorId as string | null,
      role: r.actorRole as string | null,
      organisation: r.actorOrganisation as string | null,
    })),
  );
  return {
    dialogueId: id,
    events: rows.map((r, i) => ({
      id: String(r.id),
      occurredAt: (r.occurredAt as Date).toISOString(),
      who: who[i],
      event: r.event as 'prepared' | 'updated' | 'action_added' | 'action_updated',
      actionId: r.actionId === null ? null : String(r.actionId),
      version: Number(r.version),
      changes: r.changes as Change[],
    })),
  };
}

/**
 * What changed since the snapshot: the figures are read again now, as the caller may see them
 * (logged once, as indicators.snapshot: snapshot.ts), and compared figure by figure.
 */
export async function dialogueChanges(sql: Sql, actor: Actor, id: string, origin: Origin): Promise<DialogueChanges> {
  const row = await findDialogue(sql, actor, id);
  await logDialogueAccess(sql, actor, { action: 'dialogue.changes', actionType: 'R', objectId: id }, origin, row ? 'allowed' : 'denied');
  if (!row) throw notFound();
  // A provider compares with what it may read now: no peer figures of a period still open.
  const frozen = snapshotForReader(row.snapshot, actor.role, { peers: await periodClosed(sql, row.regionCode, row.snapshot.period) });
  const now = await readSnapshot(
    sql,
    actor,
    { regionCode: row.regionCode, provider: frozen.provider, period: frozen.period, productCategories: frozen.productCategories },
    origin,
  );
  return compareSnapshots(id, frozen, now);
}

// ---------------------------------------------------------------------------------------------
// Preparing

export interface PrepareInput {
  providerAgb: string;
  period: string;
  productCategories?: string[];
  meetingDate?: string;
}

export async function prepareDialogue(sql: Sql, actor: Actor, input: PrepareInput, origin: Origin): Promise<DialogueView> {
  const entry = { action: 'dialogue.prepare', actionType: 'C' as const, details: { providerAgb: input.providerAgb, period: input.period } };
  return withRefusalsLogged(sql, actor, entry, origin, async () => {
    if (actor.role !== 'contract_manager' || !actor.regionCode) throw new Forbidden();
    const provider = await findOrganisationForRole(sql, actor.regionCode, 'provider', input.providerAgb).catch((error: unknown) => {
      if (error instanceof NotFound) {
        throw new NotFound('provider_not_found', {
          nl: `Er is geen aanbieder met AGB-code ${input.providerAgb} in uw regio.`,
          en: `There is no provider with AGB code ${input.providerAgb} in your region.`,
        });
      }
      throw error;
    });
    const problems: ProblemItem[] = [];
    if (!(await listPeriods(sql, actor)).some((p) => p.code === input.period)) {
      problems.push({
        field: 'json.period',
        code: 'period_unknown',
        message: { nl: `Periode ${input.period} bestaat niet in uw regio.`, en: `Period ${input.period} does not exist in your region.` },
      });
    }
    const categories = [...new Set(input.productCategories ?? [])].sort();
    const accepted = new Set((await listCodes(sql, actor)).productCategories.map((c) => c.code));
    for (const category of categories.filter((c) => !accepted.has(c))) {
      problems.push({
        field: 'json.productCategories',
        code: 'product_category_unknown',
        message: {
          nl: `Productcategorie ${category} hoort niet bij uw regio.`,
          en: `Product category ${category} is not one of your region's.`,
        },
      });
    }
    if (problems.length) throw new ValidationFailed(problems);
    const existing = await liveDialogueFor(sql, provider.id, input.period, categories);
    if (existing) throw dialogueExists(existing);

    const previous = await previousDialogue(sql, provider.id, input.period);
    const snapshot = await readSnapshot(
      sql,
      actor,
      {
        regionCode: actor.regionCode,
        provider: { agb: input.providerAgb, name: provider.name },
        period: input.period,
        productCategories: categories,
      },
      origin,
      previous && { dialogueId: previous.id, period: previous.periodCode, snapshot: previous.snapshot },
    );
    const id = await sql
      .begin(async (tx) => {
        const [created] =
          await tx`insert into dialogues (region_code, provider_id, period_code, product_categories, meeting_date, snapshot, previous_dialogue_id, prepared_by)
          values (${actor.regionCode}, ${provider.id}, ${input.period}, ${categories}::text[], ${input.meetingDate ?? null}, ${tx.json(snapshot as never)},
            ${previous?.id ?? null}, ${actorRef(actor)})
          returning id`;
        const dialogueId = String(created.id);
        const changes: Change[] = [{ field: 'status', from: null, to: 'voorbereid' }];
        if (input.meetingDate) changes.push({ field: 'meetingDate', from: null, to: input.meetingDate });
        await recordEvent(tx, actor, { dialogueId, event: 'prepared', version: 1, changes });
        // Issue 17: the provider is asked for its duiding, in the same transaction (outbox).
        await enqueueNotification(tx, {
          regionCode: actor.regionCode!,
          event: 'dialogue_prepared',
          recipients: { organisationId: Number(provider.id) },
          params: { period: input.period, dialogueId },
          link: `/dialogues/${dialogueId}`,
          dedupeKey: `dialogue_prepared:${dialogueId}`,
        });
        await logDialogueAccess(
          tx,
          actor,
          {
            ...entry,
            objectId: dialogueId,
            details: {
              ...entry.details,
              productCategories: snapshot.productCategories,
              submissions: snapshot.submissions.map((s) => `${s.id}v${s.version}`),
              previousDialogue: previous?.id ?? null,
            },
          },
          origin,
        );
        return dialogueId;
      })
      .catch(async (error: { code?: string }) => {
        // Two managers preparing the same dialogue at once: the unique index lets one through.
        if (error.code === '23505') throw dialogueExists((await liveDialogueFor(sql, provider.id, input.period, categories)) ?? '');
        throw error;
      });
    return dialogueView(sql, (await findDialogue(sql, actor, id as string))!, actor);
  });
}

function dialogueExists(id: string) {
  return new Conflict(
    'dialogue_exists',
    {
      nl: 'Er is al een dialoog met deze aanbieder over deze periode en productcategorieën. Open die, of annuleer hem eerst.',
      en: 'There already is a dialogue with this provider about this period and these product categories. Open it, or cancel it first.',
    },
    { dialogueId: id },
  );
}
