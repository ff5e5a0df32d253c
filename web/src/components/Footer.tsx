import { useI18n } from '../i18n';
import { Link } from '../router';

export function Footer() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>
          <strong>{t('app.name')}</strong>
          <br />
          {t('footer.about')}
        </p>
        <ul className="site-footer__links">
          <li>
            <Link to="/">{t('nav.home')}</Link>
          </li>
          <li>
            <a href="/api/docs/">{t('home.apiDocs')}</a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
