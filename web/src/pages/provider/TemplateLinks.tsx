/** The upload templates (header row only, no data) and the way to the field guide. */
import { Link as NldsLink, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import { useI18n } from '../../i18n';
import { Link } from '../../router';

export function TemplateLinks({ guide = true }: { guide?: boolean }) {
  const { t } = useI18n();
  return (
    <UnorderedList className="link-list">
      <UnorderedListItem>
        <NldsLink href="/api/v1/templates/outcome-records.csv" download>
          {t('provider.template.csv')}
        </NldsLink>
      </UnorderedListItem>
      <UnorderedListItem>
        <NldsLink href="/api/v1/templates/outcome-records.xlsx" download>
          {t('provider.template.xlsx')}
        </NldsLink>
      </UnorderedListItem>
      {guide && (
        <UnorderedListItem>
          <Link to="/provider/field-guide">{t('provider.template.guide')}</Link>
        </UnorderedListItem>
      )}
    </UnorderedList>
  );
}
