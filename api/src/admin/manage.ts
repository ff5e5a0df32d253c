/**
 * What a functional administrator manages in its own region: accounts (create, disable, change
 * role, reset the second factor), provider organisations, API clients, reporting periods and
 * the region's thresholds. Every change is access-logged; the log itself is out of reach.
 */
import type { Actor, Role } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { sealSecret } from '../auth/secret-box.ts';
import { generateTotpSecret, otpauthUri } from '../auth/totp.ts';
import { endSessionsOf } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { accessDenial, Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { findOrganisationForRole } from './organisations.ts';

function regionOf(actor: Actor): string {
  return actor.regionCode!;
}

// 404 whether the account is in another region or nowhere; logged as a refused access all the same.
const userNotFound = () =>
  accessDenial(
    new NotFound('user_not_found', { nl: 'Dit account bestaat niet in uw regio.', en: 'This account does not exist in your region.' }),
  );

/**
 * Administrators' reads are logged like any other read of personal or contract data (SPEC §5):
 * the accounts list holds staff names and e-mail addresses.
 */
export async function logAdminRead(
  sql: Sql,
  actor: Actor,
  what: 'users' | 'providers' | 'api_clients' | 'periods' | 'region',
  returned: number,
  origin: Origin,
): Promise<void> {
  await appendAccessEvent(sql, actor, {
    action: `admin.${what}.list`,
    actionType: 'R',
    objectType: what === 'region' ? 'region' : what.replace(/s$/, ''),
    objectId: what === 'region' ? regionOf(actor) : null,
    result: 'allowed',
    details: { returned },
    origin,
  });
}

export async function listUsers(sql: Sql, actor: Actor) {
  const rows = await sql`select u.id, u.email, u.display_name, u.role, u.disabled_at, u.created_at, u.failed_logins,
      o.kind as organisation_kind, o.code as organisation_code, o.name as organisation_name
    from users u join organisations o on o.id = u.organisation_id
    where u.region_code = ${regionOf(actor)} order by u.email`;
  return rows.map(toUser);
}

function toUser(row: Record<string, unknown>) {
  return {
    id: String(row.id),
    email: row.email as string,
    displayName: (row.displayName as string) || null,
    role: row.role as Role,
    organisation: {
      kind: row.organisationKind as string,
      code: (row.organisationCode as string | null) ?? null,
      name: row.organisationName as string,
    },
    disabled: row.disabledAt !== null,
    failedLogins: Number(row.failedLogins ?? 0),
    createdAt: (row.createdAt as Date).toISOString(),
  };
}

async function userInRegion(sql: Sql, actor: Actor, id: string) {
  if (!/^[0-9]{1,18}$/.test(id)) throw userNotFound();
  const [row] = await sql`select u.id, u.email, u.display_name, u.role, u.disabled_at, u.created_at, u.failed_logins,
      o.kind as organisation_kind, o.code as organisation_code, o.name as organisation_name
    from users u join organisations o on o.id = u.organisation_id where u.id = ${id} and u.region_code = ${regionOf(actor)}`;
  if (!row) throw userNotFound();
  return row;
}

export async function updateUser(sql: Sql, actor: Actor, id: string, change: { disabled?: boolean; role?: Role; orgCode?: string }) {
  const before = await userInRegion(sql, actor, id);
  if (String(before.id) === actor.id && (change.disabled === true || (change.role && change.role !== before.role))) {
    throw new Conflict('own_account', {
      nl: 'U kunt uw eigen account niet blokkeren of een andere rol geven; vraag een andere beheerder.',
      en: 'You cannot disable your own account or change its role; ask another administrator.',
    });
  }
  await sql.begin(async (tx) => {
    if (change.role && change.role !== before.role) {
      const organisation = await findOrganisationForRole(tx, regionOf(actor), change.role, change.orgCode);
      await tx`update users set role = ${change.role}, organisation_id = ${organisation.id}, updated_at = now() where id = ${id}`;
      await appendAccessEvent(tx, actor, {
        action: 'user.role_change',
        actionType: 'U',
        objectType: 'user',
        objectId: id,
        result: 'allowed',
        details: { from: before.role, to: change.role, role: change.role },
      });
    }
    if (change.disabled !== undefined && change.disabled !== (before.disabledAt !== null)) {
      await tx`update users set disabled_at = ${change.disabled ? tx`now()` : null}, updated_at = now() where id = ${id}`;
      await appendAccessEvent(tx, actor, {
        action: change.disabled ? 'user.disable' : 'user.enable',
        actionType: 'U',
        objectType: 'user',
        objectId: id,
        result: 'allowed',
      });
    }
  });
  return toUser(await userInRegion(sql, actor, id));
}

/** A new TOTP secret, shown once to the administrator (the old one stops working at once). */
export async function resetSecondFactor(sql: Sql, actor: Actor, id: string, secretBoxKey: Uint8Array) {
  const user = await userInRegion(sql, actor, id);
  const secret = generateTotpSecret();
  await sql.begin(async (tx) => {
    await tx`update users set totp_secret_sealed = ${sealSecret(secretBoxKey, secret)}, last_totp_step = null, failed_logins = 0, updated_at = now() where id = ${id}`;
    // Whoever held the old factor may be logged in with it: every session of the user ends.
    await endSessionsOf(tx, id);
    await appendAccessEvent(tx, actor, {
      action: 'user.reset_second_factor',
      actionType: 'U',
      objectType: 'user',
      objectId: id,
      result: 'allowed',
    });
  });
  return { totpSecret: secret, otpauthUri: otpauthUri(secret, user.email as string) };
}

export async function listProviders(sql: Sql, actor: Actor) {
  const rows = await sql`select o.code, o.name, o.active,
      (select count(*)::int from api_clients c where c.organisation_id = o.id and c.disabled_at is null) as active_clients,
      (select count(*)::int from users u where u.organisation_id = o.id and u.disabled_at is null) as active_users
    from organisations o where o.region_code = ${regionOf(actor)} and o.kind = 'provider' order by o.name`;
  return rows.map((r) => ({
    agb: r.code as string,
    name: r.name as string,
    active: r.active as boolean,
    activeClients: r.activeClients as number,
    activeUsers: r.activeUsers as number,
  }));
}

export async function listApiClients(sql: Sql, actor: Actor) {
  const rows = await sql`select c.client_id, c.name, c.scopes, c.disabled_at, c.created_at, o.code as provider_agb
    from api_clients c join organisations o on o.id = c.organisation_id where o.region_code = ${regionOf(actor)} order by c.created_at desc`;
  return rows.map((r) => ({
    clientId: r.clientId as string,
    name: r.name as string,
    providerAgb: r.providerAgb as string,
    scopes: r.scopes as string[],
    disabled: r.disabledAt !== null,
    createdAt: (r.createdAt as Date).toISOString(),
  }));
}

export async function setApiClientDisabled(sql: Sql, actor: Actor, clientId: string, disabled: boolean) {
  await sql.begin(async (tx) => {
    const [row] = await tx`update api_clients c set disabled_at = ${disabled ? tx`now()` : null}
      from organisations o where o.id = c.organisation_id and o.region_code = ${regionOf(actor)} and c.client_id = ${clientId} returning c.client_id`;
    if (!row)
      throw accessDenial(
        new NotFound('api_client_not_found', {
          nl: 'Deze API-client bestaat niet in uw regio.',
          en: 'This API client does not exist in your region.',
        }),
      );
    await appendAccessEvent(tx, actor, {
      action: disabled ? 'api_client.disable' : 'api_client.enable',
      actionType: 'U',
      objectType: 'api_client',
      objectId: clientId,
      result: 'allowed',
    });
  });
  return (await listApiClients(sql, actor)).find((c) => c.clientId === clientId)!;
}

/** YYYY-H1 is January to June, YYYY-H2 July to December (CBS half-years). */
export function periodDates(code: string): { startsOn: string; endsOn: string } {
  const [year, half] = code.split('-H');
  return half === '1' ? { startsOn: `${year}-01-01`, endsOn: `${year}-06-30` } : { startsOn: `${year}-07-01`, endsOn: `${year}-12-31` };
}

export async function createPeriod(sql: Sql, actor: Actor, input: { code: string; deadline: string }) {
  const { startsOn, endsOn } = periodDates(input.code);
  if (input.deadline < endsOn) {
    throw new ValidationFailed([
      {
        field: 'deadline',
        code: 'deadline_before_period_end',
        message: {
          nl: `De deadline ligt vóór het einde van de periode (${endsOn}).`,
          en: `The deadline is before the end of the period (${endsOn}).`,
        },
      },
    ]);
  }
  await sql.begin(async (tx) => {
    const [existing] = await tx`select 1 from periods where region_code = ${regionOf(actor)} and code = ${input.code}`;
    if (existing)
      throw new Conflict('period_exists', { nl: `Periode ${input.code} bestaat al.`, en: `Period ${input.code} already exists.` });
    await tx`insert into periods (region_code, code, starts_on, ends_on, deadline) values (${regionOf(actor)}, ${input.code}, ${startsOn}, ${endsOn}, ${input.deadline})`;
    await appendAccessEvent(tx, actor, {
      action: 'period.create',
      actionType: 'C',
      objectType: 'period',
      objectId: input.code,
      result: 'allowed',
      details: { deadline: input.deadline },
    });
  });
  return { code: input.code, startsOn, endsOn, deadline: input.deadline, closed: false };
}

export async function updatePeriod(sql: Sql, actor: Actor, code: string, change: { deadline?: string; closed?: boolean }) {
  return sql.begin(async (tx) => {
    const [period] =
      await tx`select code, starts_on, ends_on, deadline, closed from periods where region_code = ${regionOf(actor)} and code = ${code} for update`;
    if (!period) throw new NotFound('period_not_found', { nl: `Periode ${code} bestaat niet.`, en: `Period ${code} does not exist.` });
    if (change.deadline && change.deadline < (period.endsOn as string)) {
      throw new ValidationFailed([
        {
          field: 'deadline',
          code: 'deadline_before_period_end',
          message: {
            nl: `De deadline ligt vóór het einde van de periode (${period.endsOn}).`,
            en: `The deadline is before the end of the period (${period.endsOn}).`,
          },
        },
      ]);
    }
    const [updated] =
      await tx`update periods set deadline = ${change.deadline ?? period.deadline}, closed = ${change.closed ?? period.closed}
      where region_code = ${regionOf(actor)} and code = ${code} returning code, starts_on, ends_on, deadline, closed`;
    await appendAccessEvent(tx, actor, {
      action: 'period.update',
      actionType: 'U',
      objectType: 'period',
      objectId: code,
      result: 'allowed',
      details: { ...change },
    });
    return {
      code: updated.code as string,
      startsOn: updated.startsOn as string,
      endsOn: updated.endsOn as string,
      deadline: updated.deadline as string,
      closed: updated.closed as boolean,
    };
  });
}

export async function regionSettings(sql: Sql, actor: Actor) {
  const [row] = await sql`select code, name, min_n, min_peer_providers, flag_min_n, low_response_rate, retention_years,
      reminder_days_before, review_window_days, replace_min_share from regions where code = ${regionOf(actor)}`;
  return {
    code: row.code as string,
    name: row.name as string,
    minN: Number(row.minN),
    minPeerProviders: Number(row.minPeerProviders),
    flagMinN: Number(row.flagMinN),
    lowResponseRate: Number(row.lowResponseRate),
    retentionYears: Number(row.retentionYears),
    reminderDaysBefore: Number(row.reminderDaysBefore),
    reviewWindowDays: Number(row.reviewWindowDays),
    replaceMinShare: Number(row.replaceMinShare),
  };
}

export async function updateRegionSettings(
  sql: Sql,
  actor: Actor,
  change: Partial<{
    minN: number;
    minPeerProviders: number;
    flagMinN: number;
    lowResponseRate: number;
    retentionYears: number;
    reminderDaysBefore: number;
    reviewWindowDays: number;
    replaceMinShare: number;
  }>,
) {
  const before = await regionSettings(sql, actor);
  const after = { ...before, ...change };
  // The column keeps two decimals; answer what is stored.
  after.replaceMinShare = Math.round(after.replaceMinShare * 100) / 100;
  await sql.begin(async (tx) => {
    await tx`update regions set min_n = ${after.minN}, min_peer_providers = ${after.minPeerProviders}, flag_min_n = ${after.flagMinN},
      low_response_rate = ${after.lowResponseRate}, retention_years = ${after.retentionYears},
      reminder_days_before = ${after.reminderDaysBefore}, review_window_days = ${after.reviewWindowDays},
      replace_min_share = ${after.replaceMinShare} where code = ${regionOf(actor)}`;
    await appendAccessEvent(tx, actor, {
      action: 'region.settings',
      actionType: 'U',
      objectType: 'region',
      objectId: before.code,
      result: 'allowed',
      details: { from: before, to: after },
    });
  });
  return after;
}
