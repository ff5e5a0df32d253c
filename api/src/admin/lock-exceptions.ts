/**
 * Lock exceptions (issue 17). After a period's figures are final (schemas/period-phase.ts), or
 * after an administrator closed the period by hand, a provider's commit is refused unless an
 * administrator granted that provider an exception for that period, with a reason and an end
 * date. Granting and ending are logged with the reason; the provider is told in the same
 * transaction (notifications outbox). Dry runs are never held back: checking a file changes nothing.
 */
import { addDays, todayInPortal } from '../../../schemas/dates.ts';
import { lockExceptionMaxDays, lockExceptionReasonMax } from '../../../schemas/lock-exceptions.ts';
import { finalFrom, periodPhase } from '../../../schemas/period-phase.ts';
import { plainTextProblems } from '../../../schemas/plain-text.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Conflict, NotFound, ValidationFailed, type ProblemItem } from '../errors.ts';
import { enqueueNotification } from '../notifications/outbox.ts';

export interface UploadLockInput {
  regionCode: string;
  providerId: number;
  periodCode: string;
  deadline: string;
  /** Closed by hand by an administrator (periods.closed). */
  closed: boolean;
  today?: string;
}

export interface UploadLock {
  /** Whether a commit may go in: the figures are not final and the period is open, or an exception is valid today. */
  allowed: boolean;
  /** The first day the figures are final. */
  finalFrom: string;
  final: boolean;
  /** The valid exception that lets the provider in, if one is needed and exists. */
  exceptionUntil: string | null;
}

/** Whether this provider may commit for this period today. */
export async function uploadAllowed(db: Queryable, input: UploadLockInput): Promise<UploadLock> {
  const today = input.today ?? todayInPortal();
  const [region] = await db`select review_window_days from regions where code = ${input.regionCode}`;
  const days = Number(region?.reviewWindowDays ?? 14);
  const final = periodPhase(input.deadline, days, today) === 'final';
  const from = finalFrom(input.deadline, days);
  if (!final && !input.closed) return { allowed: true, finalFrom: from, final, exceptionUntil: null };
  const [exception] = await db`select max(valid_until) as valid_until from lock_exceptions
    where provider_id = ${input.providerId} and period_code = ${input.periodCode} and region_code = ${input.regionCode}
      and ended_at is null and valid_until >= ${today}`;
  const until = (exception?.validUntil as string | null) ?? null;
  return { allowed: until !== null, finalFrom: from, final, exceptionUntil: until };
}

/** The 409 for a commit after the figures are final, without an exception. */
export function figuresFinal(periodCode: string, lock: UploadLock): Conflict {
  const since = dutchDate(lock.finalFrom);
  return new Conflict(
    'figures_final',
    {
      nl: `De cijfers over ${periodCode} zijn definitief sinds ${since.nl}; vraag de beheerder van uw regio om een uitzondering als u nog iets moet corrigeren.`,
      en: `The figures for ${periodCode} have been final since ${since.en}; ask your region's administrator for an exception if you still need to correct something.`,
    },
    { period: periodCode, finalFrom: lock.finalFrom },
  );
}

function dutchDate(date: string): { nl: string; en: string } {
  const d = new Date(`${date}T12:00:00Z`);
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  return { nl: format('nl-NL'), en: format('en-GB') };
}

export interface LockException {
  id: string;
  provider: { agb: string; name: string };
  period: string;
  reason: string;
  validUntil: string;
  grantedAt: string;
  grantedBy: string | null;
  endedAt: string | null;
  current: boolean;
}

async function exceptionRows(db: Queryable, regionCode: string, id: string | null): Promise<LockException[]> {
  const today = todayInPortal();
  const rows = await db`select e.id, o.code as agb, o.name, e.period_code, e.reason, e.valid_until, e.granted_at, e.ended_at,
      coalesce(nullif(u.display_name, ''), u.email) as granted_by_name
    from lock_exceptions e
    join organisations o on o.id = e.provider_id
    left join users u on u.id::text = e.granted_by
    where e.region_code = ${regionCode} and (${id}::bigint is null or e.id = ${id}::bigint)
    order by e.granted_at desc, e.id desc`;
  return rows.map((row) => ({
    id: String(row.id),
    provider: { agb: row.agb as string, name: row.name as string },
    period: row.periodCode as string,
    reason: row.reason as string,
    validUntil: row.validUntil as string,
    grantedAt: (row.grantedAt as Date).toISOString(),
    grantedBy: (row.grantedByName as string | null) ?? null,
    endedAt: row.endedAt ? (row.endedAt as Date).toISOString() : null,
    current: row.endedAt === null && (row.validUntil as string) >= today,
  }));
}

/** GET /admin/lock-exceptions: current and past, newest first. */
export async function listLockExceptions(sql: Sql, actor: Actor, origin: Origin): Promise<LockException[]> {
  const regionCode = actor.regionCode!;
  const exceptions = await exceptionRows(sql, regionCode, null);
  await appendAccessEvent(sql, actor, {
    action: 'admin.lock_exceptions.list',
    actionType: 'R',
    objectType: 'lock_exception',
    objectId: regionCode,
    result: 'allowed',
    details: { returned: exceptions.length },
    origin,
  });
  return exceptions;
}

export interface GrantInput {
  providerAgb: string;
  period: string;
  reason: string;
  validUntil: string;
}

/** POST /admin/lock-exceptions: logged with the reason; the provider's users are notified in the same transaction. */
export async function grantLockException(sql: Sql, actor: Actor, input: GrantInput, origin: Origin): Promise<LockException> {
  const regionCode = actor.regionCode!;
  const today = todayInPortal();
  const problems: ProblemItem[] = [
    ...plainTextProblems(input.reason, { nl: 'De reden', en: 'The reason' }, lockExceptionReasonMax).map((p) => ({
      ...p,
      field: 'json.reason',
    })),
  ];
  const last = addDays(today, lockExceptionMaxDays);
  if (input.validUntil < today || input.validUntil > last) {
    problems.push({
      field: 'json.validUntil',
      code: 'valid_until_out_of_range',
      message: {
        nl: `Kies een einddatum van vandaag (${today}) tot en met ${last}: een uitzondering loopt hoogstens ${lockExceptionMaxDays} dagen.`,
        en: `Choose an end date from today (${today}) up to ${last}: an exception runs for at most ${lockExceptionMaxDays} days.`,
      },
    });
  }
  if (problems.length) throw new ValidationFailed(problems);
  const id = await sql.begin(async (tx) => {
    const [provider] =
      await tx`select id from organisations where kind = 'provider' and region_code = ${regionCode} and code = ${input.providerAgb}`;
    if (!provider) {
      throw new NotFound('provider_not_found', {
        nl: `Aanbieder ${input.providerAgb} bestaat niet in uw regio. Kies een aanbieder uit de lijst (GET /api/v1/admin/providers).`,
        en: `Provider ${input.providerAgb} does not exist in your region. Choose a provider from the list (GET /api/v1/admin/providers).`,
      });
    }
    const [period] = await tx`select code from periods where region_code = ${regionCode} and code = ${input.period}`;
    if (!period) {
      throw new NotFound('period_not_found', {
        nl: `Periode ${input.period} bestaat niet in uw regio. Zie de lijst met periodes.`,
        en: `Period ${input.period} does not exist in your region. See the list of periods.`,
      });
    }
    const [created] = await tx`insert into lock_exceptions (region_code, provider_id, period_code, reason, valid_until, granted_by)
      values (${regionCode}, ${provider.id}, ${input.period}, ${input.reason}, ${input.validUntil}, ${actor.id ?? actor.type}) returning id`;
    const exceptionId = String(created.id);
    await appendAccessEvent(tx, actor, {
      action: 'lock_exception.grant',
      actionType: 'C',
      objectType: 'lock_exception',
      objectId: exceptionId,
      result: 'allowed',
      details: { providerAgb: input.providerAgb, period: input.period, validUntil: input.validUntil, reason: input.reason },
      origin,
    });
    await enqueueNotification(tx, {
      regionCode,
      event: 'lock_exception_granted',
      recipients: { organisationId: Number(provider.id) },
      params: { period: input.period, date: input.validUntil },
      link: '/upload',
      dedupeKey: `lock_exception_granted:${exceptionId}`,
    });
    return exceptionId;
  });
  return (await exceptionRows(sql, regionCode, id))[0];
}

/** POST /admin/lock-exceptions/{id}/end: the exception stops now (it no longer lets a commit in today). */
export async function endLockException(sql: Sql, actor: Actor, id: string, origin: Origin): Promise<LockException> {
  const regionCode = actor.regionCode!;
  await sql.begin(async (tx) => {
    const [row] = /^[0-9]{1,18}$/.test(id)
      ? await tx`select id, ended_at from lock_exceptions where id = ${id} and region_code = ${regionCode} for update`
      : [];
    if (!row) {
      throw new NotFound('lock_exception_not_found', {
        nl: 'Deze uitzondering bestaat niet in uw regio. Zie de lijst met uitzonderingen.',
        en: 'This exception does not exist in your region. See the list of exceptions.',
      });
    }
    if (row.endedAt) {
      throw new Conflict('lock_exception_ended', {
        nl: 'Deze uitzondering is al beëindigd. Verleen zo nodig een nieuwe.',
        en: 'This exception has already been ended. Grant a new one if needed.',
      });
    }
    await tx`update lock_exceptions set ended_at = now(), ended_by = ${actor.id ?? actor.type} where id = ${id}`;
    await appendAccessEvent(tx, actor, {
      action: 'lock_exception.end',
      actionType: 'U',
      objectType: 'lock_exception',
      objectId: id,
      result: 'allowed',
      details: {},
      origin,
    });
  });
  return (await exceptionRows(sql, regionCode, id))[0];
}
