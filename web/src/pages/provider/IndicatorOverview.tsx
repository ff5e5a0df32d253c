/**
 * All indicators for one period and product category: the provider's own figure beside the
 * region's, each with its n and 95% interval. Suppression is decided by the API; here a hidden
 * figure says why. Questionnaire figures (satisfaction, further help) always come with the number
 * of respondents and the response rate, and are greyed out with the reason when the response is low.
 */
import type { components } from '../../api/schema';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { formatDecimal, formatPercent } from './format';
import { TableScroll } from '../../components/TableScroll';

type IndicatorTable = components['schemas']['IndicatorTable'];
type Figure = components['schemas']['Figure'];
type Quality = components['schemas']['DataQuality']['providers'][number];

export function IndicatorOverview({ table, quality, lowResponseRate }: { table: IndicatorTable; quality: Quality | undefined; lowResponseRate: number | undefined }) {
  const { t, pick, language } = useI18n();
  const own = table.rows[0];
  const figureOf = (figures: Figure[] | undefined, id: string) => figures?.find((figure) => figure.indicator === id);
  const response = figureOf(own?.figures, 'response');
  const respondents = response && !response.suppressed ? response : undefined;
  const low = quality?.lowResponse ?? false;

  return (
    <>
      {!own && <p className="notice">{t('provider.results.noOwnRows')}</p>}
      <p>{t('provider.results.suppression', { minN: table.minN })}</p>
      {respondents && (
        <p className={low ? 'notice notice--low' : 'notice'}>
          {t('provider.results.respondents', {
            x: respondents.x,
            n: respondents.n,
            rate: respondents.value === null ? '–' : formatPercent(respondents.value, language, 0),
          })}{' '}
          {low && lowResponseRate !== undefined && t('provider.results.lowResponse', { threshold: formatPercent(lowResponseRate, language, 0) })}
        </p>
      )}
      <TableScroll>
        <table className="data-table indicator-table">
          <caption className="visually-hidden">{t('provider.results.table.caption', { period: table.period, category: table.productCategory ?? '' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('provider.results.col.indicator')}</th>
              <th scope="col">{t('provider.funnel.own.label')}</th>
              <th scope="col">{t('provider.results.col.region', { providers: table.region.providers ?? '–' })}</th>
            </tr>
          </thead>
          <tbody>
            {table.definitions.map((definition) => {
              const questionnaire = definition.unit === 'measurements';
              const grey = questionnaire && low;
              return (
                <tr key={definition.id}>
                  <th scope="row">
                    {pick(definition.name)}
                    <details className="definition">
                      <summary>{t('provider.results.definition')}</summary>
                      <p>
                        <strong>{t('provider.results.numerator')}</strong> {pick(definition.numerator)}
                      </p>
                      <p>
                        <strong>{t('provider.results.denominator')}</strong> {pick(definition.denominator)}
                      </p>
                      <p>
                        <strong>{t('provider.results.excluded')}</strong> {pick(definition.excluded)}
                      </p>
                    </details>
                  </th>
                  <td className={grey ? 'cell--low-response' : undefined}>
                    <FigureCell figure={figureOf(own?.figures, definition.id)} minN={table.minN} />
                    {grey && <span className="cell-note">{t('provider.results.greyed')}</span>}
                  </td>
                  <td>
                    <FigureCell figure={figureOf(table.region.figures, definition.id)} minN={table.minN} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <p className="muted">{t('provider.results.computedAt', { time: formatDateTime(table.computedAt, language) })}</p>
    </>
  );
}

function FigureCell({ figure, minN }: { figure: Figure | undefined; minN: number }) {
  const { t, number, language } = useI18n();
  const percent = (value: number) => formatPercent(value, language);
  if (!figure) return <span className="muted">{t('provider.results.noData')}</span>;
  if (figure.suppressed) {
    return (
      <>
        <span className="figure__value">{figure.reason === 'small_n' ? `< ${number(minN)}` : t('provider.results.hidden')}</span>
        <span className="cell-note">{t(`provider.results.suppressed.${figure.reason}`, { minN })}</span>
      </>
    );
  }
  return (
    <>
      <span className="figure__value">{figure.value === null ? '–' : percent(figure.value)}</span>
      <span className="cell-note">
        {t('provider.results.xOfN', { x: figure.x, n: figure.n })}
        {figure.interval && ` · ${t('provider.results.interval', { lower: percent(figure.interval.lower), upper: percent(figure.interval.upper) })}`}
      </span>
      {typeof figure.meanGrade === 'number' && <span className="cell-note">{t('provider.results.meanGrade', { grade: formatDecimal(figure.meanGrade, language) })}</span>}
      {typeof figure.tooRecent === 'number' && figure.tooRecent > 0 && <span className="cell-note">{t('provider.results.tooRecent', { count: figure.tooRecent })}</span>}
    </>
  );
}
