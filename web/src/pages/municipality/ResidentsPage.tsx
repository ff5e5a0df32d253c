/**
 * A municipality's residents (SPEC §1, §4.4): per product category, each provider's figures for the
 * municipality's own residents, against the whole region. The API holds a municipality to its own
 * residents whatever is asked; this page shows no other municipality and no provider detail.
 */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useIndicatorTable } from '../../data/indicators';
import { FinalityLabel } from '../../figures/FinalityLabel';
import { IndicatorMatrix } from '../../figures/IndicatorMatrix';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { useUser } from '../../session';
import { figureFor } from '../../figures/indicators';
import { categoryLabel, SelectionBar, useSelection } from '../compare/Selection';
import { LoadFailed, Loading } from '../../components/Status';

/**
 * SPEC §3's default for greying out satisfaction. Municipalities may not read the region's data-
 * quality settings (GET /data-quality is for providers and contract managers), so the default applies.
 */
const lowResponseRate = 0.3;

export function ResidentsPage() {
  const { t, pick, number } = useI18n();
  const user = useUser();
  const { choices, selection } = useSelection();
  const table = useIndicatorTable(selection);

  const lowResponse =
    table.status === 'loaded'
      ? new Set(
          table.data.rows
            .filter((row) => {
              const response = figureFor(row.figures, 'response');
              return response && !response.suppressed && response.value !== null && response.value < lowResponseRate;
            })
            .map((row) => row.provider.agb),
        )
      : undefined;

  return (
    <div className="container cm-wide section">
      <Heading level={1}>{t('residents.title')}</Heading>
      <Paragraph purpose="lead">{t('residents.intro', { municipality: user.organisation.name })}</Paragraph>
      {choices.status === 'loading' && <Loading />}
      {choices.status === 'failed' && <LoadFailed message={choices.message} />}
      {choices.status === 'loaded' && selection && (
        <>
          <SelectionBar choices={choices.data} selection={selection} idPrefix="residents" />
          <section className="section-block" aria-labelledby="residents-results">
            <Heading level={2} id="residents-results">
              {t('residents.heading', { category: categoryLabel(choices.data, selection.category, pick), period: selection.period })}
            </Heading>
            {table.status === 'loading' && <Loading />}
            {table.status === 'failed' && <LoadFailed message={table.message} />}
            {table.status === 'loaded' && <FinalityLabel finality={table.data.finality} />}
            {table.status === 'loaded' &&
              (table.data.rows.length === 0 ? (
                <Notice>{t('residents.empty')}</Notice>
              ) : (
                <>
                  <Paragraph>
                    {t('residents.summary', { providers: number(table.data.rows.length), municipality: user.organisation.name })}
                  </Paragraph>
                  <IndicatorMatrix
                    table={table.data}
                    caption={t('residents.caption', {
                      municipality: user.organisation.name,
                      category: categoryLabel(choices.data, selection.category, pick),
                      period: selection.period,
                    })}
                    regionLabel={
                      table.data.region.providers === null
                        ? t('residents.region')
                        : t('residents.region.providers', { providers: number(table.data.region.providers) })
                    }
                    lowResponse={lowResponse}
                    idPrefix="residents"
                  />
                </>
              ))}
          </section>
        </>
      )}
    </div>
  );
}
