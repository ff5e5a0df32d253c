/** The footer (NL Design System page footer): the portal's name, what it is, and two links. */
import {
  Footer as PageFooter,
  Link as NldsLink,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@rijkshuisstijl-community/components-react';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function Footer() {
  const { t } = useI18n();
  return (
    <PageFooter className="site-footer" background="primary-filled">
      <div className="site-footer__about">
        <Paragraph>
          <strong>{t('app.name')}</strong>
          <br />
          {t('footer.about')}
        </Paragraph>
      </div>
      <UnorderedList className="site-footer__links">
        <UnorderedListItem>
          <Link to="/">{t('nav.home')}</Link>
        </UnorderedListItem>
        <UnorderedListItem>
          <NldsLink href="/api/docs/">{t('home.apiDocs')}</NldsLink>
        </UnorderedListItem>
      </UnorderedList>
    </PageFooter>
  );
}
