/**
 * The funnel for the chosen indicator: what the own position means in words (a bespreekpunt is a
 * reason for the dialogue, not a judgement), the plot, and the plot's content as a table.
 */
import { Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import type { components } from '../../api/schema';
import { Notice } from '../../components/Notice';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { formatPercent } from '../../figures/format';
import { FunnelPlot } from '../../figures/FunnelPlot';
import type { FunnelPoint, ShownPoint } from '../../figures/indicators';
import { TableScroll } from '../../components/TableScroll';

type Funnel = components['schemas']['Funnel'];

const isShown = (point: FunnelPoint): point is ShownPoint => !point.suppressed;

export function FunnelSection({ funnel }: { funnel: Funnel }) {
  const { t, pick, number, language } = useI18n();
  const percent = (value: number) => formatPercent(value, language);
  const shown = funnel.points.filter(isShown);
  const own = shown.find((point) => point.own);
  const hidden = funnel.points.length - shown.length;
  // Ordered by n, as the plot reads from left to right; the numbers say nothing about who is who.
  const peers = shown.filter((point) => !point.own).sort((a, b) => a.n - b.n);

  if (funnel.peer.p0 === null) {
    // Why there is no funnel: the API says (docs/privacy.md).
    const reason = funnel.peer.reason;
    if (reason === 'period_open' || reason === 'linkage')
      return <Notice>{t(`provider.results.suppressed.${reason}`, { minN: funnel.minN })}</Notice>;
    return <Notice>{t('provider.funnel.tooFew')}</Notice>;
  }

  return (
    <>
      <Paragraph>{t('provider.funnel.intro')}</Paragraph>
      {own ? <OwnPosition own={own} funnel={funnel} /> : <Notice>{t('provider.funnel.noOwn')}</Notice>}
      <FunnelPlot
        mode="provider"
        funnel={funnel}
        label={t('provider.funnel.caption', {
          indicator: pick(funnel.definition.name),
          period: funnel.period,
          category: funnel.productCategory,
        })}
      />
      <Paragraph className="chart__note">
        {t('provider.funnel.peer', {
          p0: percent(funnel.peer.p0),
          x: funnel.peer.x ?? 0,
          n: funnel.peer.n ?? 0,
          providers: funnel.peer.providers ?? 0,
        })}
        {hidden > 0 && ` ${t('provider.funnel.hidden', { count: hidden, minN: funnel.minN })}`}
      </Paragraph>

      <Heading level={3} id="funnel-table-title">
        {t('provider.funnel.table.title')}
      </Heading>
      <TableScroll>
        <Table className="data-table funnel-table" aria-labelledby="funnel-table-title">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('provider.funnel.col.who')}</TableHeaderCell>
              <TableHeaderCell scope="col" className="numeric">
                n
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="numeric">
                {t('provider.funnel.col.x')}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="numeric">
                {pick(funnel.definition.name)}
              </TableHeaderCell>
              <TableHeaderCell scope="col">{t('provider.funnel.col.interval')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('provider.funnel.col.position')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...(own ? [own] : []), ...peers].map((point, index) => (
              <TableRow key={index} className={point.own ? 'row--own' : undefined}>
                <TableHeaderCell scope="row">
                  {point.own ? t('provider.funnel.own.label') : t('provider.funnel.peerName', { index: own ? index : index + 1 })}
                </TableHeaderCell>
                <TableCell className="numeric">{number(point.n)}</TableCell>
                <TableCell className="numeric">{number(point.x)}</TableCell>
                <TableCell className="numeric">{percent(point.value)}</TableCell>
                <TableCell className="nowrap">
                  {point.interval ? `${percent(point.interval.lower)} – ${percent(point.interval.upper)}` : '–'}
                </TableCell>
                <TableCell>{positionText(point, t)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableScroll>
    </>
  );
}

type T = ReturnType<typeof useI18n>['t'];

/** Where a point lies; only the own point is called a bespreekpunt (the others are not this provider's dialogue). */
function positionText(point: ShownPoint, t: T): string {
  const position = point.position;
  if (!position) return '–';
  if (point.own && position.flag) return t(position.flag === 'above' ? 'provider.funnel.pos.flagAbove' : 'provider.funnel.pos.flagBelow');
  if (position.position === 'inside') return t('provider.funnel.pos.inside');
  const side = position.side === 'above' ? t('provider.funnel.side.above') : t('provider.funnel.side.below');
  return t(position.position === 'outside998' ? 'provider.funnel.pos.outside998' : 'provider.funnel.pos.outside95', { side });
}

/** The own position in a sentence, with the bespreekpunt worded as an invitation to talk. */
function OwnPosition({ own, funnel }: { own: ShownPoint; funnel: Funnel }) {
  const { t } = useI18n();
  const position = own.position;
  if (position?.flag) {
    return (
      <Notice tone="warning" className="notice--flag">
        <Paragraph className="notice__emphasis">
          {t(position.flag === 'above' ? 'provider.funnel.flag.above' : 'provider.funnel.flag.below')}
        </Paragraph>
        <Paragraph>{t('provider.funnel.flag.meaning')}</Paragraph>
      </Notice>
    );
  }
  if (position?.position === 'outside998') {
    return (
      <Notice>
        {t('provider.funnel.outside998.smallN', {
          side: t(position.side === 'above' ? 'provider.funnel.side.above' : 'provider.funnel.side.below'),
          flagMinN: funnel.flagMinN,
        })}
      </Notice>
    );
  }
  if (position?.position === 'outside95') {
    return (
      <Notice>
        {t('provider.funnel.outside95', {
          side: t(position.side === 'above' ? 'provider.funnel.side.above' : 'provider.funnel.side.below'),
        })}
      </Notice>
    );
  }
  return <Notice>{t('provider.funnel.inside')}</Notice>;
}
