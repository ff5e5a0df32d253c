/**
 * On the provider's start page: what the portal still expects from it, per open period, and by
 * when, in plain words. Nothing is shown when nothing is outstanding.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { Notice } from '../../components/Notice';
import { useOutstandingDeliveries } from '../../data/deliveries';
import { formatDay } from '../../figures/format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';

export function OutstandingDeliveries() {
  const { t, language } = useI18n();
  const outstanding = useOutstandingDeliveries();
  if (outstanding.status !== 'loaded' || outstanding.data.length === 0) return null;
  const list = (categories: string[]) =>
    categories.length === 1
      ? t('dashboard.outstanding.category', { list: categories[0] })
      : t('dashboard.outstanding.categories', {
          list: `${categories.slice(0, -1).join(', ')} ${t('dashboard.outstanding.and')} ${categories.at(-1)}`,
        });
  return (
    <section aria-labelledby="dashboard-outstanding" className="section-block">
      <Heading level={2} id="dashboard-outstanding">
        {t('dashboard.outstanding.title')}
      </Heading>
      {outstanding.data.map((item) => (
        <Notice key={`${item.period}-${item.providerAgb}`} tone={item.deadlinePassed ? 'warning' : 'info'}>
          {t(item.deadlinePassed ? 'dashboard.outstanding.late' : 'dashboard.outstanding.open', {
            period: item.period,
            categories: list(item.productCategories),
            deadline: formatDay(item.deadline, language),
          })}
        </Notice>
      ))}
      <Paragraph>
        <Link to="/provider/upload">{t('dashboard.outstanding.toUpload')}</Link>
      </Paragraph>
    </section>
  );
}
