/**
 * All indicators for one period and product category: the provider's own figure beside the
 * region's, each with its n and 95% interval. Suppression is decided by the API; here a hidden
 * figure says why. Questionnaire figures (satisfaction, further help) always come with the number
 * of respondents and the response rate, and are greyed out with the reason when the response is low.
 */
import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import type { components } from '../../api/schema';
import { Notice } from '../../components/Notice';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import { formatDecimal, formatPercent } from '../../figures/format';
import { TableScroll } from '../../components/TableScroll';

type IndicatorTable = components['schemas']['IndicatorTable'];
type Figure = components['schemas']['Figure'];
type Quality = components['schemas']['DataQuality']['providers'][number];

export function IndicatorOverview({
  table,
  quality,
  lowResponseRate,
}: {
  table: IndicatorTable;
  quality: Quality | undefined;
  lowResponseRate: number | undefined;
}) {
  const { t, pick, language } = useI18n();
  const own = table.rows[0];
  const figureOf = (figures: Figure[] | undefined, id: string) => figures?.find((figure) => figure.indicator === id);
  const response = figureOf(own?.figures, 'response');
  const respondents = response && !response.suppressed ? response : undefined;
  const low = quality?.lowResponse ?? false;
  // An open period: the reason is said once above the table, the cells only say "follows".
  const periodOpen = table.region.figures.some((figure) => figure.suppressed && figure.reason === 'period_open');

  return (
    <>
      {!own && <Notice>{t('provider.results.noOwnRows')}</Notice>}
      {periodOpen && <Notice>{t('provider.results.periodOpen', { period: table.period })}</Notice>}
      <Paragraph>{t('provider.results.suppression', { minN: table.minN })}</Paragraph>
      {respondents && (
        <Notice className={low ? 'notice--low' : undefined}>
          {t('provider.results.respondents', {
            x: respondents.x,
            n: respondents.n,
            rate: respondents.value === null ? '–' : formatPercent(respondents.value, language, 0),
          })}{' '}
          {low &&
            lowResponseRate !== undefined &&
            t('provider.results.lowResponse', { threshold: formatPercent(lowResponseRate, language, 0) })}
        </Notice>
      )}
      <TableScroll>
        <Table className="data-table indicator-table">
          <TableCaption className="visually-hidden">
            {t('provider.results.table.caption', { period: table.period, category: table.productCategory ?? '' })}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('provider.results.col.indicator')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('provider.funnel.own.label')}</TableHeaderCell>
              <TableHeaderCell scope="col">
                {table.region.providers === null
                  ? t('provider.results.col.regionPlain')
                  : t('provider.results.col.region', { providers: table.region.providers })}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {table.definitions.map((definition) => {
              const questionnaire = definition.unit === 'measurements';
              const grey = questionnaire && low;
              return (
                <TableRow key={definition.id}>
                  <TableHeaderCell scope="row">
                    {pick(definition.name)}
                    <details className="definition">
                      <summary>{t('provider.results.definition')}</summary>
                      <Paragraph>
                        <strong>{t('provider.results.numerator')}</strong> {pick(definition.numerator)}
                      </Paragraph>
                      <Paragraph>
                        <strong>{t('provider.results.denominator')}</strong> {pick(definition.denominator)}
                      </Paragraph>
                      <Paragraph>
                        <strong>{t('provider.results.excluded')}</strong> {pick(definition.excluded)}
                      </Paragraph>
                    </details>
                  </TableHeaderCell>
                  <TableCell className={grey ? 'cell--low-response' : undefined}>
                    <FigureCell figure={figureOf(own?.figures, definition.id)} minN={table.minN} />
                    {grey && <span className="cell-note">{t('provider.results.greyed')}</span>}
                  </TableCell>
                  <TableCell>
                    <FigureCell figure={figureOf(table.region.figures, definition.id)} minN={table.minN} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableScroll>
      <Paragraph className="muted">{t('provider.results.computedAt', { time: formatDateTime(table.computedAt, language) })}</Paragraph>
    </>
  );
}

function FigureCell({ figure, minN }: { figure: Figure | undefined; minN: number }) {
  const { t, number, language } = useI18n();
  const percent = (value: number) => formatPercent(value, language);
  if (!figure) return <span className="muted">{t('provider.results.noData')}</span>;
  if (figure.suppressed && figure.reason === 'period_open') return <span className="muted">{t('provider.results.follows')}</span>;
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
        {figure.interval &&
          ` · ${t('provider.results.interval', { lower: percent(figure.interval.lower), upper: percent(figure.interval.upper) })}`}
      </span>
      {typeof figure.meanGrade === 'number' && (
        <span className="cell-note">{t('provider.results.meanGrade', { grade: formatDecimal(figure.meanGrade, language, 1) })}</span>
      )}
      {typeof figure.tooRecent === 'number' && figure.tooRecent > 0 && (
        <span className="cell-note">{t('provider.results.tooRecent', { count: figure.tooRecent })}</span>
      )}
    </>
  );
}
