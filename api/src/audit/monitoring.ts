/**
 * The signals auditors ask for (BIO 5.17.01), computed from the access log itself, each with the
 * sequence numbers of the entries behind it so the auditor can open them.
 */
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import type { Sql } from '../db/connect.ts';
import { appendAccessEvent } from './append.ts';

export interface MonitoringQuery {
  from?: string;
  to?: string;
  failedLoginsPerHour: number;
  deniedPerTenMinutes: number;
}

/** Office hours in the Netherlands; a login outside them is worth a look, not an alarm. */
const officeHours = { from: 7, to: 19 };
const maxSeqs = 50;

export async function monitoringReport(sql: Sql, actor: Actor, query: MonitoringQuery, origin: Origin) {
  const to = query.to ?? new Date().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - 7 * 24 * 3600 * 1000).toISOString();
  const scope = sql`(l.region_code = ${actor.regionCode} or l.region_code is null) and l.occurred_at >= ${from} and l.occurred_at < ${to}`;

  const failedByAccount = await sql`
    select l.object_id as user_id, u.email, date_trunc('hour', l.occurred_at) as hour, count(*)::int as count,
      (array_agg(l.seq order by l.seq))[1:${sql.unsafe(String(maxSeqs))}] as seqs
    from access_log l left join users u on u.id::text = l.object_id
    where ${scope} and l.action = 'auth.login' and l.result = 'denied' and l.object_id is not null
    group by l.object_id, u.email, 3 having count(*) >= ${query.failedLoginsPerHour} order by 3 desc`;
  const failedByIp = await sql`
    select l.origin_ip as ip, date_trunc('hour', l.occurred_at) as hour, count(*)::int as count, count(distinct l.object_id)::int as accounts,
      (array_agg(l.seq order by l.seq))[1:${sql.unsafe(String(maxSeqs))}] as seqs
    from access_log l
    where ${scope} and l.action = 'auth.login' and l.result = 'denied' and l.origin_ip is not null
    group by l.origin_ip, 2 having count(*) >= ${query.failedLoginsPerHour} order by 2 desc`;
  const unusualLogins = await sql`
    select l.seq, l.occurred_at, l.actor_id as user_id, u.email, l.actor_role as role, l.origin_ip as ip,
      extract(hour from l.occurred_at at time zone 'Europe/Amsterdam')::int as local_hour,
      exists (select 1 from access_log p where p.action = 'auth.login' and p.result = 'allowed' and p.actor_id = l.actor_id and p.seq < l.seq) as had_earlier_login,
      exists (select 1 from access_log p where p.action = 'auth.login' and p.result = 'allowed' and p.actor_id = l.actor_id and p.seq < l.seq
        and p.origin_ip is not distinct from l.origin_ip) as known_address
    from access_log l left join users u on u.id::text = l.actor_id
    where ${scope} and l.action = 'auth.login' and l.result = 'allowed'
    order by l.seq desc`;
  const deniedBursts = await sql`
    select coalesce(l.actor_id, l.origin_ip, 'onbekend') as who, l.actor_role as role,
      to_timestamp(floor(extract(epoch from l.occurred_at) / 600) * 600) as window_start, count(*)::int as count,
      (array_agg(l.seq order by l.seq))[1:${sql.unsafe(String(maxSeqs))}] as seqs
    from access_log l
    where ${scope} and l.result = 'denied' and l.action <> 'auth.login'
    group by 1, 2, 3 having count(*) >= ${query.deniedPerTenMinutes} order by 3 desc`;
  const privilegedChanges = await sql`
    select l.seq, l.occurred_at, l.action, l.actor_type, l.actor_id, l.actor_role, l.object_type, l.object_id, l.details
    from access_log l
    where ${scope} and (l.action like 'user.%' or l.action like 'api_client.%' or l.action like 'region.%' or l.action like 'provider.%'
      or l.action like 'period.%' or l.action like 'keys.%' or l.action like 'retention.%')
    order by l.seq desc limit 500`;

  const report = {
    from,
    to,
    thresholds: { failedLoginsPerHour: query.failedLoginsPerHour, deniedPerTenMinutes: query.deniedPerTenMinutes, officeHours },
    failedLoginsByAccount: failedByAccount.map((r) => ({
      userId: r.userId as string,
      email: (r.email as string | null) ?? null,
      hour: (r.hour as Date).toISOString(),
      count: r.count as number,
      seqs: (r.seqs as string[]).map(Number),
    })),
    failedLoginsByAddress: failedByIp.map((r) => ({
      ip: r.ip as string,
      hour: (r.hour as Date).toISOString(),
      count: r.count as number,
      accounts: r.accounts as number,
      seqs: (r.seqs as string[]).map(Number),
    })),
    unusualLogins: unusualLogins
      .map((r) => {
        const reasons: Array<'outside_office_hours' | 'new_address'> = [];
        const hour = r.localHour as number;
        if (hour < officeHours.from || hour >= officeHours.to) reasons.push('outside_office_hours');
        if (r.hadEarlierLogin && !r.knownAddress) reasons.push('new_address');
        return {
          seq: Number(r.seq),
          occurredAt: (r.occurredAt as Date).toISOString(),
          userId: r.userId as string,
          email: (r.email as string | null) ?? null,
          role: (r.role as string | null) ?? null,
          ip: (r.ip as string | null) ?? null,
          localHour: hour,
          reasons,
        };
      })
      .filter((r) => r.reasons.length > 0),
    deniedBursts: deniedBursts.map((r) => ({
      who: r.who as string,
      role: (r.role as string | null) ?? null,
      windowStart: (r.windowStart as Date).toISOString(),
      count: r.count as number,
      seqs: (r.seqs as string[]).map(Number),
    })),
    privilegedChanges: privilegedChanges.map((r) => ({
      seq: Number(r.seq),
      occurredAt: (r.occurredAt as Date).toISOString(),
      action: r.action as string,
      actor: { type: r.actorType as string, id: (r.actorId as string | null) ?? null, role: (r.actorRole as string | null) ?? null },
      object: { type: (r.objectType as string | null) ?? null, id: (r.objectId as string | null) ?? null },
      grantsAdmin: (r.details as Record<string, unknown> | null)?.role === 'admin',
    })),
  };
  await appendAccessEvent(sql, actor, {
    action: 'audit.monitoring',
    actionType: 'R',
    objectType: 'access_log',
    result: 'allowed',
    details: { from, to },
    origin,
  });
  return report;
}
