/**
 * The access-log entries as a table: readable names first, technical codes beside them, times in
 * Dutch time. On narrow screens each entry becomes a block of labelled lines (styles.css).
 */
import { Table, TableBody, TableCaption, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import type { ReactNode } from 'react';
import type { components } from '../../api/schema';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { isMessageKey, useI18n } from '../../i18n';

type AccessEvent = components['schemas']['AccessEvent'];

export function EventTable({ events }: { events: AccessEvent[] }) {
  const { t, language } = useI18n();
  const columns = {
    seq: t('audit.col.seq'),
    time: t('audit.col.time'),
    actor: t('audit.col.actor'),
    role: t('audit.col.role'),
    action: t('audit.col.action'),
    object: t('audit.col.object'),
    result: t('audit.col.result'),
    origin: t('audit.col.origin'),
  };
  return (
    <div className="table-wrap">
      <Table className="log-table">
        <TableCaption className="visually-hidden">{t('audit.table.caption')}</TableCaption>
        <TableHeader>
          <TableRow>
            {Object.values(columns).map((label) => (
              <TableHeaderCell scope="col" key={label}>
                {label}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => (
            <TableRow key={event.seq} className={event.result !== 'allowed' ? `log-row--${event.result}` : undefined}>
              <Cell label={columns.seq} className="numeric">
                {event.seq}
              </Cell>
              <Cell label={columns.time}>
                <time className="nowrap" dateTime={event.occurredAt}>
                  {formatDateTime(event.occurredAt, language)}
                </time>
              </Cell>
              <Cell label={columns.actor}>
                <ActorCell event={event} />
              </Cell>
              <Cell label={columns.role}>{roleLabel(event.actorRole, t)}</Cell>
              <Cell label={columns.action}>
                <ActionCell event={event} />
              </Cell>
              <Cell label={columns.object}>
                {event.objectType ? (
                  <>
                    <span className="code">{event.objectType}</span>
                    {event.objectId && <span className="code code--break"> {event.objectId}</span>}
                  </>
                ) : (
                  t('audit.none')
                )}
              </Cell>
              <Cell label={columns.result}>
                <ResultCell event={event} />
              </Cell>
              <Cell label={columns.origin}>
                <OriginCell event={event} />
              </Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** One cell; `label` heads it when narrow screens stack each entry (see styles.css). */
export function Cell({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <TableCell data-label={label} className={className}>
      <div className="cell">{children}</div>
    </TableCell>
  );
}

export type T = ReturnType<typeof useI18n>['t'];

export function roleLabel(role: string | null, t: T): string {
  if (!role) return t('audit.none');
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
}

function ActorCell({ event }: { event: AccessEvent }) {
  const { t } = useI18n();
  const id = event.actorId ?? '?';
  const who =
    event.actorType === 'user'
      ? t('audit.actor.user', { id })
      : event.actorType === 'client'
        ? t('audit.actor.client', { id })
        : event.actorType === 'system'
          ? t('audit.actor.system', { id })
          : t('audit.actor.anonymous');
  return (
    <>
      {who}
      {event.actorOrganisation && <span className="cell-note">{t('audit.actor.organisation', { code: event.actorOrganisation })}</span>}
    </>
  );
}

function ActionCell({ event }: { event: AccessEvent }) {
  const { t } = useI18n();
  const key = `audit.action.${event.action}`;
  const readable = isMessageKey(key) ? t(key) : undefined;
  return (
    <>
      {readable ?? <span className="code code--break">{event.action}</span>}
      <span className="cell-note">
        {readable && <span className="code">{event.action}</span>}
        {readable && ' · '}
        {t(`audit.actionType.${event.actionType}`)}
      </span>
    </>
  );
}

function ResultCell({ event }: { event: AccessEvent }) {
  const { t } = useI18n();
  const reason = typeof event.details.reason === 'string' ? event.details.reason : undefined;
  const reasonKey = reason ? `audit.loginReason.${reason}` : '';
  return (
    <>
      <span className={`badge badge--${event.result}`}>{t(`audit.result.${event.result}`)}</span>
      {reason && <span className="cell-note">{t('audit.reason', { reason: isMessageKey(reasonKey) ? t(reasonKey) : reason })}</span>}
    </>
  );
}

function OriginCell({ event }: { event: AccessEvent }) {
  const { t } = useI18n();
  if (!event.originIp && !event.clientId) return <>{t('audit.none')}</>;
  // Each address stays on one line: a wrapped IP address is easy to misread.
  return (
    <>
      {event.originIp && <span className="nowrap">{t('audit.origin.ip', { ip: event.originIp })}</span>}
      {event.clientId && <span className="cell-note">{t('audit.origin.client', { id: event.clientId })}</span>}
    </>
  );
}
