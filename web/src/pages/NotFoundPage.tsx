import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { startPath } from '../route-types';
import { useSession } from '../session';

export function NotFoundPage() {
  const { t } = useI18n();
  const { state } = useSession();
  return (
    <div className="container section">
      <Heading level={1}>{t('notFound.title')}</Heading>
      <Paragraph>{t('notFound.text')}</Paragraph>
      <Paragraph>
        {state.status === 'active' ? (
          <Link to={startPath(state.user.role)}>{t('common.toStart')}</Link>
        ) : (
          <Link to="/">{t('common.backHome')}</Link>
        )}
      </Paragraph>
    </div>
  );
}
