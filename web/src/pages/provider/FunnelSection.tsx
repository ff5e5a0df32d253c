/**
 * The funnel for the chosen indicator: what the own position means in words (a bespreekpunt is a
 * reason for the dialogue, not a judgement), the plot, and the plot's content as a table.
 */
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n';
import { formatPercent } from './format';
import { FunnelPlot, isShown, type ShownPoint } from './FunnelPlot';
import { TableScroll } from '../../components/TableScroll';

type Funnel = components['schemas']['Funnel'];

export function FunnelSection({ funnel }: { funnel: Funnel }) {
  const { t, pick, number, language } = useI18n();
  const percent = (value: number) => formatPercent(value, language);
  const shown = funnel.points.filter(isShown);
  const own = shown.find((point) => point.own);
  const hidden = funnel.points.length - shown.length;
  // Ordered by n, as the plot reads from left to right; the numbers say nothing about who is who.
  const peers = shown.filter((point) => !point.own).sort((a, b) => a.n - b.n);

  if (funnel.peer.p0 === null) {
    return <p className="notice">{t('provider.funnel.tooFew')}</p>;
  }

  return (
    <>
      <p>{t('provider.funnel.intro')}</p>
      {own ? <OwnPosition own={own} funnel={funnel} /> : <p className="notice">{t('provider.funnel.noOwn')}</p>}
      <FunnelPlot funnel={funnel} />
      <p className="chart__note">
        {t('provider.funnel.peer', { p0: percent(funnel.peer.p0), x: funnel.peer.x ?? 0, n: funnel.peer.n ?? 0, providers: funnel.peer.providers ?? 0 })}
        {hidden > 0 && ` ${t('provider.funnel.hidden', { count: hidden, minN: funnel.minN })}`}
      </p>

      <h3 id="funnel-table-title">{t('provider.funnel.table.title')}</h3>
      <TableScroll>
        <table className="data-table funnel-table" aria-labelledby="funnel-table-title">
          <thead>
            <tr>
              <th scope="col">{t('provider.funnel.col.who')}</th>
              <th scope="col" className="numeric">
                n
              </th>
              <th scope="col" className="numeric">
                {t('provider.funnel.col.x')}
              </th>
              <th scope="col" className="numeric">
                {pick(funnel.definition.name)}
              </th>
              <th scope="col">{t('provider.funnel.col.interval')}</th>
              <th scope="col">{t('provider.funnel.col.position')}</th>
            </tr>
          </thead>
          <tbody>
            {[...(own ? [own] : []), ...peers].map((point, index) => (
              <tr key={index} className={point.own ? 'row--own' : undefined}>
                <th scope="row">{point.own ? t('provider.funnel.own.label') : t('provider.funnel.peerName', { index: own ? index : index + 1 })}</th>
                <td className="numeric">{number(point.n)}</td>
                <td className="numeric">{number(point.x)}</td>
                <td className="numeric">{percent(point.value)}</td>
                <td className="nowrap">{point.interval ? `${percent(point.interval.lower)} – ${percent(point.interval.upper)}` : '–'}</td>
                <td>{positionText(point, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
      <div className="notice notice--flag">
        <p className="notice__emphasis">{t(position.flag === 'above' ? 'provider.funnel.flag.above' : 'provider.funnel.flag.below')}</p>
        <p>{t('provider.funnel.flag.meaning')}</p>
      </div>
    );
  }
  if (position?.position === 'outside998') {
    return <p className="notice">{t('provider.funnel.outside998.smallN', { side: t(position.side === 'above' ? 'provider.funnel.side.above' : 'provider.funnel.side.below'), flagMinN: funnel.flagMinN })}</p>;
  }
  if (position?.position === 'outside95') {
    return <p className="notice">{t('provider.funnel.outside95', { side: t(position.side === 'above' ? 'provider.funnel.side.above' : 'provider.funnel.side.below') })}</p>;
  }
  return <p className="notice">{t('provider.funnel.inside')}</p>;
}
