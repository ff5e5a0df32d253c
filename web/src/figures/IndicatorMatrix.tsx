/**
 * Providers × indicators as one table (contract managers: the region; municipalities: their
 * residents), with the region total in the footer. Sortable by any column with buttons in the
 * headers (aria-sort says which), filterable by provider name. Every figure shows its n; the 95%
 * interval is in every cell for screen readers and on hover, and visible for all with the toggle.
 * Suppressed figures show "< 10" (or "afgeschermd") with the reason; the API decides, we display.
 */
import {
  FormFieldCheckboxOption,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableFooter,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { Link } from '../router';
import {
  figureFor,
  sortValue,
  suppressionReasons,
  type Definition,
  type Figure,
  type FunnelPosition,
  type IndicatorTable,
  type SuppressionReason,
} from './indicators';
import { formatDecimal, formatInterval, formatPercent } from './format';
import { DataList, DataListItem, DataListKey, DataListValue } from '../components/DataList';
import { Field } from '../components/Field';
import { TableHeaderCell } from '../components/TableHeaderCell';

type Sort = { column: string; direction: 'ascending' | 'descending' };
const providerColumn = 'provider';

export interface IndicatorMatrixProps {
  table: IndicatorTable;
  caption: string;
  /** The footer row's heading, e.g. "Hele regio (27 aanbieders)". */
  regionLabel: string;
  /** Funnel positions per indicator id, per provider AGB: flagged cells are marked. */
  positions?: ReadonlyMap<string, ReadonlyMap<string, FunnelPosition>>;
  /** Providers whose satisfaction figure rests on too low a response rate (greyed out, SPEC §3). */
  lowResponse?: ReadonlySet<string>;
  /** Where a provider's name links to, if anywhere. */
  providerHref?: (agb: string) => string;
  idPrefix: string;
}

type SuppressedText = (reason: SuppressionReason) => { label: string; reason: string; marker: string };

const markers: Record<SuppressionReason, string> = {
  small_n: '1',
  complementary: '2',
  too_few_providers: '3',
  linkage: '4',
  period_open: '5',
};

/**
 * What a suppressed figure shows: "< 10" when its n is small; "afgeschermd" (hidden) otherwise, as
 * "< 10" would then misstate an n that may be large. Each with its reason and legend marker.
 */
export function useSuppressionText(minN: number): SuppressedText {
  const { t } = useI18n();
  return (reason) => ({
    label: reason === 'small_n' ? t('compare.suppressed.small', { minN }) : t('compare.suppressed.hidden'),
    reason: t(`compare.suppressed.reason.${reason}`, { minN }),
    marker: markers[reason],
  });
}

export function IndicatorMatrix({ table, caption, regionLabel, positions, lowResponse, providerHref, idPrefix }: IndicatorMatrixProps) {
  const { t, pick, language } = useI18n();
  const [sort, setSort] = useState<Sort>({ column: providerColumn, direction: 'ascending' });
  const [filter, setFilter] = useState('');
  const [showIntervals, setShowIntervals] = useState(false);
  const captionId = useId();

  const rows = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase(language);
    const shown = table.rows.filter(
      (row) => !needle || row.provider.name.toLocaleLowerCase(language).includes(needle) || row.provider.agb.includes(needle),
    );
    const byName = (a: (typeof shown)[number], b: (typeof shown)[number]) => a.provider.name.localeCompare(b.provider.name, language);
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...shown].sort((a, b) => {
      if (sort.column === providerColumn) return sign * byName(a, b);
      const va = sortValue(figureFor(a.figures, sort.column));
      const vb = sortValue(figureFor(b.figures, sort.column));
      // Figures without a value stay at the bottom either way: they are not "lowest".
      if (va === undefined || vb === undefined) return va === vb ? byName(a, b) : va === undefined ? 1 : -1;
      return va === vb ? byName(a, b) : sign * (va - vb);
    });
  }, [table.rows, filter, sort, language]);

  const toggleSort = (column: string) =>
    setSort((current) =>
      current.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: 'ascending' },
    );
  const ariaSort = (column: string) => (sort.column === column ? sort.direction : undefined);

  const suppressed = useSuppressionText(table.minN);
  const suppressedLabel = (reason: SuppressionReason) => suppressed(reason).label;

  return (
    <div className="matrix">
      <div className="matrix__tools">
        <Field
          id={`${idPrefix}-filter`}
          label={t('compare.filter.label')}
          type="search"
          value={filter}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
        <FormFieldCheckboxOption
          className="cm-checkbox"
          label={t('compare.intervals.toggle')}
          checked={showIntervals}
          onChange={(event) => setShowIntervals(event.currentTarget.checked)}
        />
      </div>
      <Paragraph role="status" className="results-status">
        {t('compare.filter.count', { shown: rows.length, total: table.rows.length })}
      </Paragraph>

      <div className="matrix__scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table className={`matrix__table${showIntervals ? ' matrix__table--intervals' : ''}`}>
          <TableCaption id={captionId} className="visually-hidden">
            {caption}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <SortableHeaderCell sort={ariaSort(providerColumn)} className="matrix__provider-head">
                <SortButton active={sort.column === providerColumn} direction={sort.direction} onClick={() => toggleSort(providerColumn)}>
                  {t('compare.col.provider')}
                </SortButton>
              </SortableHeaderCell>
              {table.definitions.map((definition) => (
                <SortableHeaderCell key={definition.id} sort={ariaSort(definition.id)}>
                  <SortButton active={sort.column === definition.id} direction={sort.direction} onClick={() => toggleSort(definition.id)}>
                    {pick(definition.name)}
                    <span className="sort-button__note">{t(directionKey(definition))}</span>
                  </SortButton>
                </SortableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.provider.agb}>
                <TableHeaderCell scope="row">
                  {providerHref ? <Link to={providerHref(row.provider.agb)}>{row.provider.name}</Link> : row.provider.name}
                  <span className="cell-note">AGB {row.provider.agb}</span>
                </TableHeaderCell>
                {table.definitions.map((definition) => (
                  <FigureCell
                    key={definition.id}
                    figure={figureFor(row.figures, definition.id)}
                    definition={definition}
                    position={positions?.get(definition.id)?.get(row.provider.agb)}
                    lowResponse={definition.id === 'satisfaction' && lowResponse?.has(row.provider.agb) === true}
                    suppressed={suppressed}
                  />
                ))}
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableHeaderCell scope="row">{regionLabel}</TableHeaderCell>
              {table.definitions.map((definition) => (
                <FigureCell
                  key={definition.id}
                  figure={figureFor(table.region.figures, definition.id)}
                  definition={definition}
                  suppressed={suppressed}
                />
              ))}
            </TableRow>
          </TableFooter>
        </Table>
      </div>

      <section className="cm-legend" aria-labelledby={`${idPrefix}-legend`}>
        <Heading level={3} id={`${idPrefix}-legend`}>
          {t('compare.legend.title')}
        </Heading>
        <DataList>
          <DataListItem>
            <DataListKey>{t('compare.legend.value')}</DataListKey>
            <DataListValue>{t('compare.legend.value.text')}</DataListValue>
          </DataListItem>
          {suppressionReasons.map((reason) => (
            <DataListItem key={reason}>
              <DataListKey>
                {suppressedLabel(reason)}
                <sup>{markers[reason]}</sup>
              </DataListKey>
              <DataListValue>{t(`compare.suppressed.reason.${reason}`, { minN: table.minN })}</DataListValue>
            </DataListItem>
          ))}
          {positions && (
            <DataListItem>
              <DataListKey>
                <span className="cm-flag cm-flag--above" aria-hidden="true">
                  ▲
                </span>{' '}
                <span className="cm-flag cm-flag--below" aria-hidden="true">
                  ▼
                </span>{' '}
                {t('compare.flag')}
              </DataListKey>
              <DataListValue>{t('compare.legend.flag.text')}</DataListValue>
            </DataListItem>
          )}
          {lowResponse && (
            <DataListItem>
              <DataListKey>{t('compare.lowResponse')}</DataListKey>
              <DataListValue>{t('compare.legend.lowResponse.text')}</DataListValue>
            </DataListItem>
          )}
        </DataList>
      </section>
    </div>
  );
}

export function directionKey(definition: Definition): MessageKey {
  return definition.direction === 'higher_is_better'
    ? 'compare.direction.higher'
    : definition.direction === 'lower_is_better'
      ? 'compare.direction.lower'
      : 'compare.direction.neutral';
}

/** A column header that says how the table is sorted by it. */
function SortableHeaderCell({
  sort,
  className,
  children,
}: {
  sort: Sort['direction'] | undefined;
  className?: string;
  children: ReactNode;
}) {
  return (
    <TableHeaderCell scope="col" aria-sort={sort} className={className}>
      {children}
    </TableHeaderCell>
  );
}

/** The button in a column header; hand-made, so that the header keeps its own aria-sort. */
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

function FigureCell({
  figure,
  definition,
  position,
  lowResponse = false,
  suppressed,
}: {
  figure: Figure | undefined;
  definition: Definition;
  position?: FunnelPosition;
  lowResponse?: boolean;
  suppressed: SuppressedText;
}) {
  const { t, language, number } = useI18n();
  if (!figure) return <TableCell className="cm-fig cm-fig--none">—</TableCell>;
  if (figure.suppressed) {
    const { label, reason } = suppressed(figure.reason);
    return (
      <TableCell className="cm-fig cm-fig--suppressed" title={reason}>
        <span className="cm-fig__value">
          {label}
          <sup aria-hidden="true">{markers[figure.reason]}</sup>
        </span>
        <VisuallyHidden> ({reason})</VisuallyHidden>
      </TableCell>
    );
  }
  if (figure.value === null) {
    // No re-entry can only be counted 182 days after the end: a recent period has no n yet.
    const tooRecent = figure.tooRecent !== undefined && figure.tooRecent > 0;
    return (
      <TableCell className="cm-fig cm-fig--none" title={tooRecent ? t('compare.tooRecent.text', { count: figure.tooRecent! }) : undefined}>
        <span className="cm-fig__value">—</span>
        <span className="cm-fig__n">{t(tooRecent ? 'compare.tooRecent' : 'compare.noData')}</span>
      </TableCell>
    );
  }
  const interval = figure.interval ? formatInterval(figure.interval, language) : undefined;
  const intervalText = interval ? t('compare.interval', { interval }) : '';
  const flag = position?.flag ?? undefined;
  const title = [`${formatPercent(figure.value, language)}`, intervalText, t('compare.xOfN', { x: figure.x, n: figure.n })]
    .filter(Boolean)
    .join(' · ');
  return (
    <TableCell
      className={`cm-fig${lowResponse ? ' cm-fig--low-response' : ''}${flag ? ` cm-fig--flag cm-fig--flag-${flag}` : ''}`}
      title={title}
    >
      <span className="cm-fig__value">{formatPercent(figure.value, language)}</span>
      <span className="cm-fig__n">n = {number(figure.n)}</span>
      {interval && (
        // Only the range shows: the toggle above the table says what it is; screen readers hear it.
        <span className="cm-fig__interval">
          <VisuallyHidden>{t('compare.interval.label')} </VisuallyHidden>
          {interval}
        </span>
      )}
      {definition.id === 'satisfaction' && figure.meanGrade != null && (
        <span className="cm-fig__note">{t('compare.meanGrade', { grade: formatDecimal(figure.meanGrade, language, 1) })}</span>
      )}
      {lowResponse && <span className="cm-fig__note">{t('compare.lowResponse')}</span>}
      {flag && (
        <span className={`cm-flag cm-flag--${flag}`}>
          <span aria-hidden="true">{flag === 'above' ? '▲' : '▼'} </span>
          {t('compare.flag')}
          <VisuallyHidden> ({t(flag === 'above' ? 'compare.flag.above' : 'compare.flag.below')})</VisuallyHidden>
        </span>
      )}
    </TableCell>
  );
}
