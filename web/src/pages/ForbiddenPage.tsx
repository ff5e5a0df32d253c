/** A page that exists but not for this role. The API refuses the data anyway (403); this says so kindly. */
import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { startPath } from '../route-types';
import { useUser } from '../session';

export function ForbiddenPage() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="container section">
      <Heading level={1}>{t('forbidden.title')}</Heading>
      <Paragraph>{t('forbidden.text', { role: t(`role.${user.role}`) })}</Paragraph>
      <Paragraph>
        <Link to={startPath(user.role)}>{t('common.toStart')}</Link>
      </Paragraph>
    </div>
  );
}
