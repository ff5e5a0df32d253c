/**
 * Guarded replacement and restore (issue 17). A commit that would replace the current submission
 * with far fewer rows, or without product categories it had, is refused unless confirmed (a 24-row
 * file once silently replaced a 504-row submission). A replaced submission can be made current
 * again by its provider while the period's figures are not final, or later under a lock exception
 * (the same rule as a commit: admin/lock-exceptions.ts).
 */
import { compareReplacement, replacementSummary, type CurrentSubmissionFacts, type Replacement } from '../../../schemas/replacement.ts';
import type { OutcomeRecord } from '../../../schemas/record.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent, loggableId } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Conflict, Forbidden, NotFound, refusalLogged } from '../errors.ts';
import { refreshProviderPeriod } from '../indicators/refresh.ts';
import { uploadAllowed } from '../admin/lock-exceptions.ts';
import { findSubmission, type Submission } from './queries.ts';

/** The advisory lock a commit and a restore of one provider's period queue on. */
export function lockProviderPeriod(tx: Queryable, providerId: number, periodCode: string) {
  return tx`select pg_advisory_xact_lock(hashtext(${`submission:${providerId}:${periodCode}`}))`;
}

/** Collects the product categories of the valid records as the validator hands them on. */
export class CategoryTally {
  readonly categories = new Set<string>();
  add(records: readonly { record: OutcomeRecord }[]): void {
    for (const { record } of records) this.categories.add(record.productCategory);
  }
}

/** The provider's current submission for the period, with its categories and the region's threshold; null when there is none. */
export async function currentSubmissionFacts(
  db: Queryable,
  providerId: number,
  periodCode: string,
): Promise<CurrentSubmissionFacts | null> {
  const [row] = await db`select s.id, s.version, s.submitted_at, s.record_count, r.replace_min_share,
      array(select distinct o.product_category from outcome_records o where o.submission_id = s.id order by 1) as categories
    from submissions s join regions r on r.code = s.region_code
    where s.provider_id = ${providerId} and s.period_code = ${periodCode} and s.status = 'current'`;
  if (!row) return null;
  return {
    periodCode,
    id: String(row.id),
    version: Number(row.version),
    submittedAt: (row.submittedAt as Date).toISOString(),
    rows: Number(row.recordCount),
    categories: (row.categories as string[]).map((c) => c.trim()),
    minShare: Number(row.replaceMinShare),
  };
}

export function replacementOf(current: CurrentSubmissionFacts | null, newRows: number, tally: CategoryTally): Replacement | null {
  return current ? compareReplacement(current, newRows, tally.categories) : null;
}

/** Throws the 409 with the comparison when the replacement needs a confirmation the request did not give. */
export function assertReplacementConfirmed(replacement: Replacement | null, confirmed: boolean): void {
  if (!replacement?.needsConfirmation || confirmed) return;
  const summary = replacementSummary(replacement);
  throw new Conflict(
    'replacement_unconfirmed',
    {
      nl: `${summary.nl} Er is niets opgeslagen. Bevestig met confirmReplace=true als dit de bedoeling is.`,
      en: `${summary.en} Nothing was stored. Confirm with confirmReplace=true if this is intended.`,
    },
    { replacement },
  );
}

const notYours = () =>
  new NotFound('submission_not_found', {
    nl: 'Deze aanlevering bestaat niet of is niet van u.',
    en: 'This submission does not exist or is not yours.',
  });

/**
 * POST /submissions/{id}/restore: the provider's replaced submission becomes current again and the
 * current one is replaced, under the commit's lock, with the cells refreshed in the same
 * transaction (a reader sees the old figures or the new, never a mix).
 */
export async function restoreSubmission(sql: Sql, actor: Actor, id: string, origin: Origin): Promise<Submission> {
  if (actor.role !== 'provider' || actor.organisationId === null) throw new Forbidden();
  const providerId = actor.organisationId;
  const log = (db: Queryable, result: 'allowed' | 'denied' | 'error', details: Record<string, unknown>) =>
    appendAccessEvent(db, actor, {
      action: 'submission.restore',
      actionType: 'U',
      objectType: 'submission',
      objectId: loggableId(id, 'number'),
      result,
      purpose: 'aanlevering resultaatgegevens',
      details,
      origin,
    });
  const [target] = /^[0-9]{1,18}$/.test(id)
    ? await sql`select period_code from submissions where id = ${id} and provider_id = ${providerId}`
    : [];
  if (!target) {
    await log(sql, 'denied', { refused: 'submission_not_found' });
    throw refusalLogged(notYours());
  }
  const periodCode = target.periodCode as string;
  try {
    await sql.begin(async (tx) => {
      await lockProviderPeriod(tx, providerId, periodCode);
      const [row] = await tx`select s.status, s.version, s.region_code, p.deadline::text as deadline, p.closed
        from submissions s
        join periods p on p.region_code = s.region_code and p.code = s.period_code
        where s.id = ${id}`;
      if (row.status !== 'replaced') {
        throw new Conflict('submission_not_replaced', {
          nl: `Versie ${row.version} is de huidige aanlevering voor ${periodCode}: alleen een vervangen versie kan worden hersteld.`,
          en: `Version ${row.version} is the current submission for ${periodCode}: only a replaced version can be restored.`,
        });
      }
      const lock = await uploadAllowed(tx, {
        regionCode: row.regionCode as string,
        providerId,
        periodCode,
        deadline: row.deadline as string,
        closed: row.closed as boolean,
      });
      if (!lock.allowed) {
        throw new Conflict('period_final', {
          nl: `De cijfers over ${periodCode} zijn definitief of de periode is gesloten: een eerdere versie kan niet meer worden hersteld. Vraag de beheerder van uw regio om een uitzondering als er een correctie nodig is.`,
          en: `The figures for ${periodCode} are final or the period is closed: an earlier version can no longer be restored. Ask your region's administrator for an exception if a correction is needed.`,
        });
      }
      const [replaced] = await tx`update submissions set status = 'replaced', replaced_at = now()
        where provider_id = ${providerId} and period_code = ${periodCode} and status = 'current'
        returning id, version`;
      await tx`update submissions set status = 'current', replaced_at = null where id = ${id}`;
      await refreshProviderPeriod(tx, providerId, periodCode);
      await log(tx, 'allowed', {
        period: periodCode,
        restoredVersion: Number(row.version),
        ...(replaced ? { replacedSubmission: String(replaced.id), replacedVersion: Number(replaced.version) } : {}),
      });
    });
  } catch (error) {
    if (error instanceof Conflict) {
      // Logged outside the rolled-back transaction, like a refused upload.
      await log(sql, 'error', { refused: error.code, period: periodCode });
      throw refusalLogged(error);
    }
    throw error;
  }
  return (await findSubmission(sql, id))!;
}
