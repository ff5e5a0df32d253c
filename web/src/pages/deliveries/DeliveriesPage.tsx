/**
 * Aanleveringen: per provider × product category whether a period's data arrived on time, late,
 * is missing, or came without a contract, with the on-time and completeness shares for the period
 * and over time. Sortable; downloadable as CSV. Only delivered yes/no per category: the API gives
 * no per-category counts, and the one count (a current submission's records) as /submissions does.
 */
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useMemo, useState, type ReactNode } from 'react';
import { LoadFailed, Loading } from '../../components/Status';
import { SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { TableScroll } from '../../components/TableScroll';
import { downloadBlob } from '../../components/download';
import { useDeliveryMonitor, type DeliveryMonitor, type DeliveryStatus } from '../../data/deliveries';
import { usePeriods } from '../../data/indicators';
import { formatDay, formatPercent } from '../../figures/format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { deliveriesCsv } from './deliveries-csv';

/** Words, an icon and a badge colour: never colour alone. */
const statusLook: Record<DeliveryStatus, { key: MessageKey; icon: string; badge: string; order: number }> = {
  missing: { key: 'deliveries.status.missing', icon: '✗', badge: 'badge--denied', order: 0 },
  late: { key: 'deliveries.status.late', icon: '!', badge: 'badge--warning', order: 1 },
  not_expected: { key: 'deliveries.status.not_expected', icon: '?', badge: 'badge--neutral', order: 2 },
  on_time: { key: 'deliveries.status.on_time', icon: '✓', badge: 'badge--allowed', order: 3 },
};

type SortKey = 'provider' | 'category' | 'status';
interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

export function DeliveriesPage() {
  const { t, pick } = useI18n();
  const periods = usePeriods();
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const monitor = useDeliveryMonitor(period);
  const shownPeriod = monitor.status === 'loaded' ? monitor.data.period.code : (period ?? '');
  return (
    <div className="container section">
      <Heading level={1}>{t('deliveries.title')}</Heading>
      <Paragraph purpose="lead">{t('deliveries.intro')}</Paragraph>
      {periods.status === 'loaded' && (
        <SelectField
          className="report-filter"
          id="deliveries-period"
          label={t('deliveries.period')}
          value={shownPeriod}
          onChange={(event) => setPeriod(event.currentTarget.value)}
        >
          {periods.data.map((p) => (
            <option key={p.code} value={p.code}>
              {p.code}
            </option>
          ))}
        </SelectField>
      )}
      {periods.status === 'failed' && <LoadFailed message={periods.message} />}
      {monitor.status === 'loading' && <Loading />}
      {monitor.status === 'failed' && <Paragraph>{pick(monitor.message)}</Paragraph>}
      {monitor.status === 'loaded' && <MonitorView monitor={monitor.data} />}
    </div>
  );
}

function MonitorView({ monitor }: { monitor: DeliveryMonitor }) {
  const { t, language } = useI18n();
  const percent = (value: number | null) => (value === null ? '–' : formatPercent(value / 100, language));
  const { totals } = monitor;
  const statusWord = (status: string) => t(statusLook[status as DeliveryStatus].key);
  const download = () =>
    downloadBlob(
      new Blob([deliveriesCsv(monitor, statusWord, language)], { type: 'text/csv;charset=utf-8' }),
      `${language === 'nl' ? 'aanleveringen' : 'deliveries'}-${monitor.period.code}.csv`,
    );
  return (
    <>
      <section aria-labelledby="deliveries-summary" className="section-block">
        <Heading level={2} id="deliveries-summary">
          {t('deliveries.summary.title', { period: monitor.period.code })}
        </Heading>
        <Paragraph>
          {t(monitor.period.deadlinePassed ? 'deliveries.deadline.passed' : 'deliveries.deadline.open', {
            deadline: formatDay(monitor.period.deadline, language),
          })}
        </Paragraph>
        <ul className="deliveries-totals">
          <li>
            {t('deliveries.summary.onTime', { percent: percent(totals.onTimePercentage), count: totals.onTime, expected: totals.expected })}
          </li>
          <li>
            {t('deliveries.summary.complete', {
              percent: percent(totals.completenessPercentage),
              count: totals.onTime + totals.late,
              expected: totals.expected,
            })}
          </li>
          <li>{t('deliveries.summary.counts', { late: totals.late, missing: totals.missing, notExpected: totals.notExpected })}</li>
        </ul>
      </section>

      <section aria-labelledby="deliveries-table" className="section-block">
        <Heading level={2} id="deliveries-table">
          {t('deliveries.table.title')}
        </Heading>
        <Paragraph>
          <Button appearance="secondary-action-button" onClick={download}>
            {t('deliveries.download')}
          </Button>
        </Paragraph>
        {monitor.providers.length === 0 ? <Paragraph>{t('deliveries.empty')}</Paragraph> : <DeliveryTable monitor={monitor} />}
      </section>

      <section aria-labelledby="deliveries-trend" className="section-block">
        <Heading level={2} id="deliveries-trend">
          {t('deliveries.trend.title')}
        </Heading>
        <TableScroll>
          <Table className="data-table">
            <TableCaption className="visually-hidden">{t('deliveries.trend.title')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('deliveries.col.period')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('deliveries.col.deadline')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('deliveries.col.onTime')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('deliveries.col.complete')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {monitor.trend.map((point) => (
                <TableRow key={point.period}>
                  <TableHeaderCell scope="row">{point.period}</TableHeaderCell>
                  <TableCell>{formatDay(point.deadline, language)}</TableCell>
                  <TableCell className="numeric">{percent(point.totals.onTimePercentage)}</TableCell>
                  <TableCell className="numeric">{percent(point.totals.completenessPercentage)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      </section>
    </>
  );
}

function DeliveryTable({ monitor }: { monitor: DeliveryMonitor }) {
  const { t, number } = useI18n();
  const [sort, setSort] = useState<Sort>({ key: 'status', direction: 'ascending' });
  const rows = useMemo(() => {
    const flat = monitor.providers.flatMap((provider) => provider.categories.map((category) => ({ provider, category })));
    const compare = {
      provider: (a: (typeof flat)[number], b: (typeof flat)[number]) =>
        a.provider.providerName.localeCompare(b.provider.providerName, 'nl'),
      category: (a: (typeof flat)[number], b: (typeof flat)[number]) =>
        a.category.productCategory.localeCompare(b.category.productCategory),
      status: (a: (typeof flat)[number], b: (typeof flat)[number]) =>
        statusLook[a.category.status].order - statusLook[b.category.status].order,
    }[sort.key];
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return flat.sort((a, b) => sign * compare(a, b) || a.provider.providerName.localeCompare(b.provider.providerName, 'nl'));
  }, [monitor, sort]);
  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <TableHeaderCell scope="col" aria-sort={active ? sort.direction : undefined}>
        <SortButton
          active={active}
          direction={sort.direction}
          onClick={() => setSort({ key, direction: active && sort.direction === 'ascending' ? 'descending' : 'ascending' })}
        >
          {label}
        </SortButton>
      </TableHeaderCell>
    );
  };
  return (
    <TableScroll>
      <Table className="data-table deliveries-table">
        <TableCaption className="visually-hidden">{t('deliveries.table.caption', { period: monitor.period.code })}</TableCaption>
        <TableHeader>
          <TableRow>
            {header('provider', t('deliveries.col.provider'))}
            {header('category', t('deliveries.col.category'))}
            {header('status', t('deliveries.col.status'))}
            <TableHeaderCell scope="col">{t('deliveries.col.versions')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('deliveries.col.records')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map(({ provider, category }) => {
            const look = statusLook[category.status];
            return (
              <TableRow key={`${provider.providerAgb}-${category.productCategory}`}>
                <TableCell data-label={t('deliveries.col.provider')}>
                  {provider.providerName} <span className="muted">({provider.providerAgb})</span>
                </TableCell>
                <TableCell data-label={t('deliveries.col.category')}>{category.productCategory}</TableCell>
                <TableCell data-label={t('deliveries.col.status')}>
                  <span className={`badge ${look.badge}`}>
                    <span aria-hidden="true">{look.icon}</span> {t(look.key)}
                  </span>
                </TableCell>
                <TableCell data-label={t('deliveries.col.versions')} className="numeric">
                  {number(provider.versions)}
                  {provider.replaced > 0 && <span className="cell-note">{t('deliveries.replaced', { count: provider.replaced })}</span>}
                </TableCell>
                <TableCell data-label={t('deliveries.col.records')} className="numeric">
                  {provider.recordCount === null ? '–' : number(provider.recordCount)}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

/** The button in a column header (as in the indicator table), so the header keeps its own aria-sort. */
function SortButton({
  active,
  direction,
  onClick,
  children,
}: {
  active: boolean;
  direction: Sort['direction'];
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className={`sort-button${active ? ' sort-button--active' : ''}`} onClick={onClick}>
      <span className="sort-button__label">{children}</span>
      <span className="sort-button__icon" aria-hidden="true">
        {active ? (direction === 'ascending' ? '▲' : '▼') : '⇅'}
      </span>
    </button>
  );
}
