import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { GERMAN_ONLY_ROUTES, twinPath } from '../i18n/routes';
import { SIGN_IN_PATH } from '../i18n/staffPaths';
import { useLang, usePaths, useTexts } from '../i18n/useLang';
import { Icon } from './Icon';
import { Loading } from './QueryState';

export function Layout() {
  const t = useTexts();
  const lang = useLang();
  const to = usePaths();
  const { pathname, search } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const other = lang === 'de' ? 'en' : 'de';

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // After a navigation, start reading and scrolling from the top of the new page.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  const nav = [
    { to: to('start'), label: t.nav.start, end: true },
    { to: to('directory'), label: t.nav.directory, end: false },
    { to: to('responsibilities'), label: t.nav.responsibilities, end: false },
    { to: to('network'), label: t.nav.network, end: false },
  ];

  return (
    <>
      <a className="skip-link" href="#main">
        {t.site.skipLink}
      </a>
      <header className="site-header">
        <div className="container site-header__bar">
          <Link to={to('start')} className="brand">
            <span className="brand__mark" aria-hidden="true">
              KIP
            </span>
            <span className="brand__text">
              <span className="brand__short">{t.site.short}</span>
              <span className="brand__name">{t.site.name}</span>
            </span>
          </Link>
          <nav className="site-tools" aria-label={t.site.accessNav}>
            <ul>
              <li>
                <NavLink to={GERMAN_ONLY_ROUTES.easyLanguage} lang="de" hrefLang="de">
                  {t.site.easyLanguage}
                </NavLink>
              </li>
              <li>
                <NavLink to={GERMAN_ONLY_ROUTES.signLanguage} lang="de" hrefLang="de">
                  {t.site.signLanguage}
                </NavLink>
              </li>
              <li>
                <Link className="sign-in-link" to={SIGN_IN_PATH[lang]}>
                  {t.site.signIn}
                </Link>
              </li>
              <li>
                <Link
                  className="lang-switch"
                  to={twinPath(pathname, search, other)}
                  lang={other}
                  hrefLang={other}
                >
                  {t.site.otherLanguage}
                </Link>
              </li>
            </ul>
          </nav>
        </div>
        <nav className="site-nav" aria-label={t.site.navLabel}>
          <ul className="container site-nav__list">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            <li className="site-nav__write">
              <NavLink to={to('contact', { slug: 'kip-ni' })}>
                <Icon name="message" size={18} />
                {t.nav.write}
              </NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="container main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>
            <strong>{t.site.short}</strong> · {t.site.name}
          </p>
          <nav aria-label={t.footer.label}>
          <ul className="site-footer__links">
            <li>
              <Link to={to('legalNotice')}>{t.footer.legalNotice}</Link>
            </li>
            <li>
              <Link to={to('privacy')}>{t.footer.privacy}</Link>
            </li>
            <li>
              <Link to={to('accessibility')}>{t.footer.accessibility}</Link>
            </li>
            <li>
              <Link to={GERMAN_ONLY_ROUTES.easyLanguage} lang="de" hrefLang="de">
                {t.site.easyLanguage}
              </Link>
            </li>
            <li>
              <Link to={GERMAN_ONLY_ROUTES.signLanguage} lang="de" hrefLang="de">
                {t.site.signLanguage}
              </Link>
            </li>
            <li>
              <Link to={to('organisation', { slug: 'kip-ni' })}>{t.footer.about}</Link>
            </li>
            <li>
              <a href="/api/docs">{t.footer.api}</a>
            </li>
            <li>
              <a href="tel:110">{t.emergency.short}</a>
            </li>
          </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}
