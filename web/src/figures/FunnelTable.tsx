/** The funnel plot's data as a table: the alternative to the chart, one row per drawn point. */
import { Table, TableBody, TableCaption, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { formatInterval, formatPercent } from './format';
import type { Funnel } from './indicators';
import { TableHeaderCell } from '../components/TableHeaderCell';
import { positionText, shownPoints } from './funnel-words';

/** The same data as the plot, one row per drawn point. */
export function FunnelTable({
  funnel,
  caption,
  providerHref,
}: {
  funnel: Funnel;
  caption: string;
  providerHref?: (agb: string) => string;
}) {
  const { t, language, number } = useI18n();
  const points = [...shownPoints(funnel)].sort(
    (a, b) => (a.provider?.name ?? '').localeCompare(b.provider?.name ?? '', language) || a.n - b.n,
  );
  return (
    <div className="cm-scroll" role="region" aria-label={caption} tabIndex={0}>
      <Table className="cm-table funnel-plot-table">
        <TableCaption>{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('compare.col.provider')}</TableHeaderCell>
            <TableHeaderCell scope="col" className="numeric">
              {t('funnel.col.x')}
            </TableHeaderCell>
            <TableHeaderCell scope="col" className="numeric">
              {t('funnel.col.n')}
            </TableHeaderCell>
            <TableHeaderCell scope="col" className="numeric">
              {t('funnel.col.value')}
            </TableHeaderCell>
            <TableHeaderCell scope="col" className="numeric">
              {t('funnel.col.interval')}
            </TableHeaderCell>
            <TableHeaderCell scope="col">{t('funnel.col.position')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {points.map((point, index) => (
            <TableRow key={point.provider?.agb ?? `peer-${index}`} className={point.position?.flag ? 'cm-row--flag' : undefined}>
              <TableHeaderCell scope="row">
                {point.provider ? (
                  providerHref ? (
                    <Link to={providerHref(point.provider.agb)}>{point.provider.name}</Link>
                  ) : (
                    point.provider.name
                  )
                ) : (
                  t(point.own ? 'funnel.own' : 'funnel.anonymous')
                )}
              </TableHeaderCell>
              <TableCell className="numeric">{number(point.x)}</TableCell>
              <TableCell className="numeric">{number(point.n)}</TableCell>
              <TableCell className="numeric">{formatPercent(point.value, language)}</TableCell>
              <TableCell className="numeric nowrap">{point.interval ? formatInterval(point.interval, language) : '—'}</TableCell>
              <TableCell>
                {point.position?.flag && (
                  <span className={`cm-flag cm-flag--${point.position.flag}`} aria-hidden="true">
                    {point.position.flag === 'above' ? '▲ ' : '▼ '}
                  </span>
                )}
                {positionText(point.position, funnel, t)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
