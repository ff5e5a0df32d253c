/** The upload templates (header row only, no data) and the way to the field guide. */
import { useI18n } from '../../i18n';
import { Link } from '../../router';

export function TemplateLinks({ guide = true }: { guide?: boolean }) {
  const { t } = useI18n();
  return (
    <ul className="link-list">
      <li>
        <a href="/api/v1/templates/outcome-records.csv" download>
          {t('provider.template.csv')}
        </a>
      </li>
      <li>
        <a href="/api/v1/templates/outcome-records.xlsx" download>
          {t('provider.template.xlsx')}
        </a>
      </li>
      {guide && (
        <li>
          <Link to="/provider/field-guide">{t('provider.template.guide')}</Link>
        </li>
      )}
    </ul>
  );
}
