/**
 * Monitoring for auditors (BIO 5.17.01): the signals `GET /audit/monitoring` finds in the access
 * log — failed-login spikes per account and per address, unusual logins, bursts of denied access
 * and changes to accounts and permissions — one section each, with what the signal means, and the
 * log entries behind it as links into the access log. Period and thresholds live in the address
 * bar, like the access-log filters.
 */
import {
  Button,
  Heading,
  Link as NldsLink,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useMonitoring } from '../../data/audit';
import type { LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { amsterdamDayStart, formatDateTime, portalTimeZone } from '../../figures/format';
import { isMessageKey, useI18n, type Language, type MessageKey } from '../../i18n';
import { messages } from '../../messages';
import { Link, navigate, useLocation } from '../../router';
import { Cell, roleLabel, type T } from './EventTable';
import { entryPath } from './filters';

type Report = components['schemas']['MonitoringReport'];

type Load = { status: 'loading' } | { status: 'loaded'; report: Report } | { status: 'failed'; message: LocalizedText };

const filterNames = ['from', 'to', 'failedLoginsPerHour', 'deniedPerTenMinutes'] as const;
type Filters = Record<(typeof filterNames)[number], string>;
type FilterErrors = Partial<Record<keyof Filters, LocalizedText>>;

function filtersFrom(search: URLSearchParams): Filters {
  return Object.fromEntries(filterNames.map((name) => [name, search.get(name) ?? ''])) as Filters;
}

function searchFor(filters: Filters): string {
  const search = new URLSearchParams();
  for (const name of filterNames) if (filters[name].trim()) search.set(name, filters[name].trim());
  const text = search.toString();
  return text ? `/audit/monitoring?${text}` : '/audit/monitoring';
}

/** A threshold as the API takes it: a whole number from 1 to 1000; empty means the default. */
function threshold(value: string): number | undefined {
  const n = Number(value.trim());
  return value.trim() && Number.isInteger(n) && n >= 1 && n <= 1000 ? n : undefined;
}

function validate(filters: Filters): FilterErrors {
  const errors: FilterErrors = {};
  if (filters.from && filters.to && filters.to < filters.from) errors.to = messages['audit.filters.dateOrder'];
  for (const name of ['failedLoginsPerHour', 'deniedPerTenMinutes'] as const) {
    if (filters[name].trim() && threshold(filters[name]) === undefined) errors[name] = messages['monitoring.filters.threshold'];
  }
  return errors;
}

function apiQuery(filters: Filters) {
  return {
    from: filters.from ? amsterdamDayStart(filters.from) : undefined,
    to: filters.to ? amsterdamDayStart(filters.to, 1) : undefined,
    failedLoginsPerHour: threshold(filters.failedLoginsPerHour),
    deniedPerTenMinutes: threshold(filters.deniedPerTenMinutes),
  };
}

/** Date and hour:minute in Dutch time, without seconds: the signals are counted per hour or 10 minutes. */
function formatMinute(value: string | number, language: Language): string {
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: portalTimeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value));
}

function formatRange(start: string, minutes: number, language: Language, t: T): string {
  const end = Date.parse(start) + minutes * 60_000;
  const endTime = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: portalTimeZone, timeStyle: 'short' }).format(
    new Date(end),
  );
  return t('monitoring.hourRange', { start: formatMinute(start, language), end: endTime });
}

export function MonitoringPage() {
  const { t, pick, language } = useI18n();
  const location = useLocation();
  const searchKey = location.search.toString();
  const [draft, setDraft] = useState<Filters>(filtersFrom(location.search));
  const [errors, setErrors] = useState<FilterErrors>({});

  useEffect(() => {
    setDraft(filtersFrom(new URLSearchParams(searchKey)));
  }, [searchKey]);

  const monitoring = useMonitoring(apiQuery(filtersFrom(location.search)));
  const load = (monitoring.status === 'loaded' ? { status: 'loaded', report: monitoring.data } : monitoring) as Load;

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(draft);
    setErrors(found);
    const first = filterNames.find((name) => found[name]);
    if (first) {
      document.getElementById(`monitoring-${first}`)?.focus();
      return;
    }
    navigate(searchFor(draft));
  };

  const reset = () => {
    setErrors({});
    setDraft(filtersFrom(new URLSearchParams()));
    navigate('/audit/monitoring');
  };

  const set = (name: keyof Filters) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [name]: value }));
  };

  const report = load.status === 'loaded' ? load.report : undefined;

  return (
    <div className="container section">
      <Heading level={1}>{t('monitoring.title')}</Heading>
      <Paragraph purpose="lead">{t('monitoring.intro')}</Paragraph>

      <section aria-labelledby="monitoring-filters-title" className="panel">
        <Heading level={2} id="monitoring-filters-title">
          {t('monitoring.filters.title')}
        </Heading>
        <Paragraph className="hint">{t('monitoring.filters.hint')}</Paragraph>
        <form className="filters" noValidate onSubmit={apply}>
          <Field
            aligned
            id="monitoring-from"
            type="date"
            label={t('audit.filters.from')}
            value={draft.from}
            onChange={set('from')}
            error={errors.from}
          />
          <Field
            aligned
            id="monitoring-to"
            type="date"
            label={t('audit.filters.to')}
            value={draft.to}
            onChange={set('to')}
            error={errors.to}
          />
          <Field
            aligned
            id="monitoring-failedLoginsPerHour"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            label={t('monitoring.filters.failedLogins')}
            hint={t('monitoring.filters.failedLogins.hint')}
            value={draft.failedLoginsPerHour}
            onChange={set('failedLoginsPerHour')}
            error={errors.failedLoginsPerHour}
          />
          <Field
            aligned
            id="monitoring-deniedPerTenMinutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            label={t('monitoring.filters.denied')}
            hint={t('monitoring.filters.denied.hint')}
            value={draft.deniedPerTenMinutes}
            onChange={set('deniedPerTenMinutes')}
            error={errors.deniedPerTenMinutes}
          />
          <div className="filters__actions">
            <Button appearance="primary-action-button" type="submit">
              {t('monitoring.filters.apply')}
            </Button>
            <Button appearance="secondary-action-button" onClick={reset}>
              {t('monitoring.filters.reset')}
            </Button>
          </div>
        </form>
      </section>

      <Paragraph role="status" className="results-status">
        {load.status === 'loading' && t('monitoring.loading')}
        {report && t('monitoring.period', { from: formatMinute(report.from, language), to: formatMinute(report.to, language) })}
      </Paragraph>
      {load.status === 'failed' && (
        <Notice tone="danger" live="alert">
          {pick(load.message)}
        </Notice>
      )}
      {report && <Signals report={report} />}
    </div>
  );
}

function Signals({ report }: { report: Report }) {
  const { t, language } = useI18n();
  const { thresholds } = report;
  const sections: { id: string; title: MessageKey; count: number }[] = [
    { id: 'failed-by-account', title: 'monitoring.failedByAccount.title', count: report.failedLoginsByAccount.length },
    { id: 'failed-by-address', title: 'monitoring.failedByAddress.title', count: report.failedLoginsByAddress.length },
    { id: 'unusual-logins', title: 'monitoring.unusual.title', count: report.unusualLogins.length },
    { id: 'denied-bursts', title: 'monitoring.denied.title', count: report.deniedBursts.length },
    { id: 'privileged-changes', title: 'monitoring.privileged.title', count: report.privilegedChanges.length },
  ];
  const account = (email: string | null, userId: string) => email ?? t('audit.actor.user', { id: userId });

  return (
    <>
      <section aria-labelledby="monitoring-overview" className="section-block">
        <Heading level={2} id="monitoring-overview">
          {t('monitoring.overview.title')}
        </Heading>
        <ul className="monitoring-overview">
          {sections.map((section) => (
            <li key={section.id}>
              <NldsLink href={`#${section.id}`}>{t(section.title)}</NldsLink>
              <span className={`badge badge--${section.count > 0 ? 'warning' : 'neutral'}`}>{section.count}</span>
            </li>
          ))}
        </ul>
      </section>

      <SignalSection
        id="failed-by-account"
        title={t('monitoring.failedByAccount.title')}
        text={t('monitoring.failedByAccount.text', { threshold: thresholds.failedLoginsPerHour })}
        empty={t('monitoring.failedByAccount.empty', { threshold: thresholds.failedLoginsPerHour })}
        columns={[t('monitoring.col.account'), t('monitoring.col.hour'), t('monitoring.col.failed'), t('monitoring.col.entries')]}
        rows={report.failedLoginsByAccount.map((row) => ({
          key: `${row.userId}-${row.hour}`,
          cells: [
            <>
              <span className="code--break">{account(row.email, row.userId)}</span>
              {row.email && <span className="cell-note">{t('audit.actor.user', { id: row.userId })}</span>}
            </>,
            formatRange(row.hour, 60, language, t),
            row.count,
            <Entries seqs={row.seqs} count={row.count} />,
          ],
        }))}
      />

      <SignalSection
        id="failed-by-address"
        title={t('monitoring.failedByAddress.title')}
        text={t('monitoring.failedByAddress.text', { threshold: thresholds.failedLoginsPerHour })}
        empty={t('monitoring.failedByAddress.empty', { threshold: thresholds.failedLoginsPerHour })}
        columns={[
          t('monitoring.col.ip'),
          t('monitoring.col.hour'),
          t('monitoring.col.failed'),
          t('monitoring.col.accounts'),
          t('monitoring.col.entries'),
        ]}
        rows={report.failedLoginsByAddress.map((row) => ({
          key: `${row.ip}-${row.hour}`,
          cells: [
            <span className="nowrap">{row.ip}</span>,
            formatRange(row.hour, 60, language, t),
            row.count,
            row.accounts,
            <Entries seqs={row.seqs} count={row.count} />,
          ],
        }))}
      />

      <SignalSection
        id="unusual-logins"
        title={t('monitoring.unusual.title')}
        text={t('monitoring.unusual.text', { from: thresholds.officeHours.from, to: thresholds.officeHours.to })}
        empty={t('monitoring.unusual.empty')}
        columns={[
          t('monitoring.col.time'),
          t('monitoring.col.account'),
          t('monitoring.col.role'),
          t('monitoring.col.ip'),
          t('monitoring.col.reasons'),
          t('monitoring.col.entries'),
        ]}
        rows={report.unusualLogins.map((row) => ({
          key: String(row.seq),
          cells: [
            <time className="nowrap" dateTime={row.occurredAt}>
              {formatDateTime(row.occurredAt, language)}
            </time>,
            <span className="code--break">{account(row.email, row.userId)}</span>,
            roleLabel(row.role, t),
            row.ip ? <span className="nowrap">{row.ip}</span> : t('audit.none'),
            <ul className="reason-list">
              {row.reasons.map((reason) => (
                <li key={reason}>
                  <span className="badge badge--warning">{t(`monitoring.unusual.${reason}`, { hour: row.localHour })}</span>
                </li>
              ))}
            </ul>,
            <Entries seqs={[row.seq]} count={1} />,
          ],
        }))}
      />

      <SignalSection
        id="denied-bursts"
        title={t('monitoring.denied.title')}
        text={t('monitoring.denied.text', { threshold: thresholds.deniedPerTenMinutes })}
        empty={t('monitoring.denied.empty', { threshold: thresholds.deniedPerTenMinutes })}
        columns={[
          t('monitoring.col.who'),
          t('monitoring.col.role'),
          t('monitoring.col.window'),
          t('monitoring.col.denied'),
          t('monitoring.col.entries'),
        ]}
        rows={report.deniedBursts.map((row) => ({
          key: `${row.who}-${row.windowStart}`,
          cells: [
            <Who who={row.who} role={row.role} />,
            roleLabel(row.role, t),
            formatRange(row.windowStart, 10, language, t),
            row.count,
            <Entries seqs={row.seqs} count={row.count} />,
          ],
        }))}
      />

      <SignalSection
        id="privileged-changes"
        title={t('monitoring.privileged.title')}
        text={t('monitoring.privileged.text')}
        empty={t('monitoring.privileged.empty')}
        columns={[
          t('monitoring.col.time'),
          t('monitoring.col.action'),
          t('monitoring.col.by'),
          t('monitoring.col.object'),
          t('monitoring.col.entries'),
        ]}
        rows={report.privilegedChanges.map((row) => ({
          key: String(row.seq),
          flagged: row.grantsAdmin,
          cells: [
            <time className="nowrap" dateTime={row.occurredAt}>
              {formatDateTime(row.occurredAt, language)}
            </time>,
            <ActionName action={row.action} grantsAdmin={row.grantsAdmin} />,
            <Actor type={row.actor.type} id={row.actor.id} role={row.actor.role} />,
            row.object.type ? (
              <>
                <span className="code">{row.object.type}</span>
                {row.object.id && <span className="code code--break"> {row.object.id}</span>}
              </>
            ) : (
              t('audit.none')
            ),
            <Entries seqs={[row.seq]} count={1} />,
          ],
        }))}
      />
    </>
  );
}

interface SignalRow {
  key: string;
  cells: ReactNode[];
  /** Marked with the bar that denied entries get in the access log. */
  flagged?: boolean;
}

/** Long lists (the demo's set-up alone makes dozens of changes) show this many rows until asked for all. */
const initialRows = 20;

function SignalSection({
  id,
  title,
  text,
  empty,
  columns,
  rows,
}: {
  id: string;
  title: string;
  text: string;
  empty: string;
  columns: string[];
  rows: SignalRow[];
}) {
  const { t } = useI18n();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? rows : rows.slice(0, initialRows);
  // A column of counts is right-aligned, its heading too, so the figures line up under it.
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((row) => typeof row.cells[i] === 'number'));
  return (
    <section aria-labelledby={`${id}-title`} id={id} className="section-block">
      <Heading level={2} id={`${id}-title`}>
        {title}
      </Heading>
      <Paragraph>{text}</Paragraph>
      {rows.length === 0 ? (
        <Notice tone="success" className="monitoring-empty">
          {empty}
        </Notice>
      ) : (
        <div className="table-wrap">
          <Table className="log-table monitoring-table" id={`${id}-table`}>
            <TableCaption className="visually-hidden">{title}</TableCaption>
            <TableHeader>
              <TableRow>
                {columns.map((label, i) => (
                  <TableHeaderCell scope="col" key={label} className={numeric[i] ? 'numeric' : undefined}>
                    {label}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((row) => (
                <TableRow key={row.key} className={row.flagged ? 'log-row--denied' : undefined}>
                  {row.cells.map((cell, i) => (
                    <Cell key={columns[i]} label={columns[i]} className={numeric[i] ? 'numeric' : undefined}>
                      {cell}
                    </Cell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {rows.length > initialRows && (
        <div className="actions">
          <Button
            appearance="secondary-action-button"
            aria-expanded={showAll}
            aria-controls={`${id}-table`}
            onClick={() => setShowAll(!showAll)}
          >
            {showAll ? t('monitoring.showFewer', { count: initialRows }) : t('monitoring.showAll', { count: rows.length })}
          </Button>
        </div>
      )}
    </section>
  );
}

/** The log entries behind a signal as links into the access log; the API sends at most the first 50. */
function Entries({ seqs, count }: { seqs: number[]; count: number }) {
  const { t } = useI18n();
  const shown = seqs.slice(0, 8);
  const more = Math.max(count, seqs.length) - shown.length;
  return (
    <ul className="entry-links" aria-label={t('monitoring.entriesLabel')}>
      {shown.map((seq) => (
        <li key={seq}>
          <Link to={entryPath(seq)} aria-label={t('checkpoints.openEntry', { seq })}>
            {seq}
          </Link>
        </li>
      ))}
      {more > 0 && <li className="muted">{t('monitoring.moreEntries', { count: more })}</li>}
    </ul>
  );
}

/**
 * `who` is the actor's id, or the IP address when nobody was logged in (then there is no role):
 * user ids are numbers, API clients have a client id.
 */
function Who({ who, role }: { who: string; role: string | null }) {
  const { t } = useI18n();
  if (who === 'onbekend') return <>{t('monitoring.unknown')}</>;
  if (role === null) return <span className="nowrap">{t('audit.origin.ip', { ip: who })}</span>;
  return (
    <span className="code--break">{/^\d+$/.test(who) ? t('audit.actor.user', { id: who }) : t('audit.actor.client', { id: who })}</span>
  );
}

function ActionName({ action, grantsAdmin }: { action: string; grantsAdmin: boolean }) {
  const { t } = useI18n();
  const key = `audit.action.${action}`;
  const readable = isMessageKey(key) ? t(key) : undefined;
  return (
    <>
      {readable ?? <span className="code code--break">{action}</span>}
      {readable && <span className="cell-note code">{action}</span>}
      {grantsAdmin && <span className="badge badge--denied">{t('monitoring.privileged.admin')}</span>}
    </>
  );
}

function Actor({ type, id, role }: { type: string; id: string | null; role: string | null }) {
  const { t } = useI18n();
  const shownId = id ?? '?';
  const who =
    type === 'user'
      ? t('audit.actor.user', { id: shownId })
      : type === 'client'
        ? t('audit.actor.client', { id: shownId })
        : type === 'system'
          ? t('audit.actor.system', { id: shownId })
          : t('audit.actor.anonymous');
  return (
    <>
      <span className="code--break">{who}</span>
      {role && <span className="cell-note">{roleLabel(role, t)}</span>}
    </>
  );
}
