/** The funnel plot's data as a table: the alternative to the chart, one row per drawn point. */
import { useI18n } from '../i18n';
import { Link } from '../router';
import { formatInterval, formatPercent, type Funnel } from '../pages/compare/figures';
import { positionText, shownPoints } from './funnel-words';

/** The same data as the plot, one row per drawn point. */
export function FunnelTable({ funnel, caption, providerHref }: { funnel: Funnel; caption: string; providerHref?: (agb: string) => string }) {
  const { t, language, number } = useI18n();
  const points = [...shownPoints(funnel)].sort((a, b) => (a.provider?.name ?? '').localeCompare(b.provider?.name ?? '', language) || a.n - b.n);
  return (
    <div className="cm-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="cm-table funnel-plot-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('compare.col.provider')}</th>
            <th scope="col" className="numeric">
              {t('funnel.col.x')}
            </th>
            <th scope="col" className="numeric">
              {t('funnel.col.n')}
            </th>
            <th scope="col" className="numeric">
              {t('funnel.col.value')}
            </th>
            <th scope="col" className="numeric">
              {t('funnel.col.interval')}
            </th>
            <th scope="col">{t('funnel.col.position')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point, index) => (
            <tr key={point.provider?.agb ?? `peer-${index}`} className={point.position?.flag ? 'cm-row--flag' : undefined}>
              <th scope="row">
                {point.provider ? (
                  providerHref ? (
                    <Link to={providerHref(point.provider.agb)}>{point.provider.name}</Link>
                  ) : (
                    point.provider.name
                  )
                ) : (
                  t(point.own ? 'funnel.own' : 'funnel.anonymous')
                )}
              </th>
              <td className="numeric">{number(point.x)}</td>
              <td className="numeric">{number(point.n)}</td>
              <td className="numeric">{formatPercent(point.value, language)}</td>
              <td className="numeric nowrap">{point.interval ? formatInterval(point.interval, language) : '—'}</td>
              <td>
                {point.position?.flag && (
                  <span className={`cm-flag cm-flag--${point.position.flag}`} aria-hidden="true">
                    {point.position.flag === 'above' ? '▲ ' : '▼ '}
                  </span>
                )}
                {positionText(point.position, funnel, t)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
