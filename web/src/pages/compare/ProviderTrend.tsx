/** The provider's figures over the last periods, per indicator, with the region's beside them. */
import {
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useSuppressionText } from '../../figures/IndicatorMatrix';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { formatPercent } from '../../figures/format';
import type { IndicatorTable, Trend } from '../../figures/indicators';
import { Loading } from '../../components/Status';

export function TrendSection({
  agb,
  definitions,
  trends,
  pending,
  minN,
}: {
  agb: string;
  definitions: IndicatorTable['definitions'];
  trends: ReadonlyMap<string, Trend>;
  pending: boolean;
  minN: number;
}) {
  const { t, pick, language, number } = useI18n();
  const suppressed = useSuppressionText(minN);
  const periods = [...trends.values()][0]?.periods ?? [];
  return (
    <section className="section-block" aria-labelledby="provider-trend">
      <Heading level={2} id="provider-trend">
        {t('detail.trend.title')}
      </Heading>
      <Paragraph>{t('detail.trend.intro')}</Paragraph>
      {periods.length === 0 && pending && <Loading />}
      {periods.length > 0 && (
        <div className="cm-scroll" role="region" aria-labelledby="provider-trend-caption" tabIndex={0}>
          <Table className="cm-table cm-trend-table">
            <TableCaption id="provider-trend-caption" className="visually-hidden">
              {t('detail.trend.caption')}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('detail.col.indicator')}</TableHeaderCell>
                {periods.map((period) => (
                  <TableHeaderCell scope="col" key={period} className="numeric">
                    {period}
                  </TableHeaderCell>
                ))}
                <TableHeaderCell scope="col">{t('detail.trend.direction')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {definitions.map((definition) => {
                const trend = trends.get(definition.id);
                const own = trend?.providers.find((p) => p.provider.agb === agb);
                return (
                  <TableRow key={definition.id}>
                    <TableHeaderCell scope="row">{pick(definition.name)}</TableHeaderCell>
                    {periods.map((period) => {
                      const point = own?.points.find((p) => p.period === period);
                      const region = trend?.region.points.find((p) => p.period === period);
                      return (
                        <TableCell key={period} className="numeric">
                          {!trend ? (
                            <span className="muted">{t('detail.waiting')}</span>
                          ) : !point ? (
                            <span className="muted">{t('detail.trend.noData')}</span>
                          ) : point.suppressed ? (
                            suppressed('small_n').label
                          ) : point.value == null ? (
                            '—'
                          ) : (
                            <>
                              <span className="cm-fig__value">{formatPercent(point.value, language)}</span>
                              <span className="cell-note">n = {number(point.n ?? 0)}</span>
                            </>
                          )}
                          {region && !region.suppressed && region.value != null && (
                            <span className="cell-note">{t('detail.trend.region', { value: formatPercent(region.value, language) })}</span>
                          )}
                        </TableCell>
                      );
                    })}
                    <TableCell>
                      {own?.trend
                        ? t(`detail.trend.${own.trend.direction}`)
                        : !trend && pending
                          ? t('detail.waiting')
                          : t('detail.trend.none')}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
