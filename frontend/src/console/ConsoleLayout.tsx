// The frame of the signed-in part: header with the person and "sign out", the navigation of
// what this person may use (nothing else is offered), and the page.
import { Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Loading } from '../components/QueryState';
import { pathTo } from '../i18n/routes';
import { useLang, useTexts } from '../i18n/useLang';
import { useSession } from '../session';
import { mayUse, matchStaffRoute, staffPath, type StaffRouteName } from './routes';
import { useConsoleTexts, useStaffPaths } from './useConsole';

/** The navigation, in order; each entry shows only to those who may use it. */
export const NAV: readonly StaffRouteName[] = [
  'console',
  'referrals',
  'directory',
  'messages',
  'statistics',
  'users',
  'audit',
  'deliveries',
  'portal',
  'portalNew',
  'account',
];

/** Which top-level entry a page belongs to, so it stays marked on detail pages. */
const SECTION: Partial<Record<StaffRouteName, StaffRouteName>> = {
  referral: 'referrals',
  message: 'messages',
  portalReferral: 'portal',
};

export function ConsoleLayout({ children }: { children: ReactNode }) {
  const t = useConsoleTexts();
  const pub = useTexts();
  const lang = useLang();
  const to = useStaffPaths();
  const session = useSession();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const [signingOut, setSigningOut] = useState(false);
  const other = lang === 'de' ? 'en' : 'de';
  const match = matchStaffRoute(pathname);
  const twin = match ? staffPath(other, match.name, match.params) + search : pathTo(other, 'start');
  const current = match ? (SECTION[match.name] ?? match.name) : null;
  const scopes = session.principal?.scopes ?? null;
  const items = session.status === 'signed-in' ? NAV.filter((name) => mayUse(name, scopes)) : [];

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  async function signOut() {
    setSigningOut(true);
    try {
      await session.signOut();
    } finally {
      setSigningOut(false);
      navigate(to('signIn'));
    }
  }

  const who = session.principal?.email ?? session.principal?.name ?? '';

  return (
    <div className="console">
      <a className="skip-link" href="#main">
        {pub.site.skipLink}
      </a>
      <header className="site-header console-header">
        <div className="container site-header__bar">
          <Link to={pathTo(lang, 'start')} className="brand">
            <span className="brand__mark" aria-hidden="true">
              KIP
            </span>
            <span className="brand__text">
              <span className="brand__short">{pub.site.short}</span>
              <span className="brand__name">{pub.site.name}</span>
            </span>
          </Link>
          <div className="console-header__tools">
            <Link className="lang-switch" to={twin} lang={other} hrefLang={other}>
              {pub.site.otherLanguage}
            </Link>
          </div>
        </div>
        {session.status === 'signed-in' && session.principal && (
          <div className="console-user">
            <div className="container console-user__bar">
              <p className="console-user__who">
                {t.layout.signedInAs(who, session.principal.organisation.name)}
              </p>
              <button
                type="button"
                className="button button--secondary console-user__signout"
                onClick={signOut}
                disabled={signingOut}
              >
                {signingOut ? t.layout.signingOut : t.layout.signOut}
              </button>
            </div>
          </div>
        )}
        {items.length > 0 && (
          <nav className="site-nav console-nav" aria-label={t.layout.navLabel}>
            <ul className="container site-nav__list">
              {items.map((name) => (
                <li key={name}>
                  <Link to={to(name)} aria-current={current === name ? 'page' : undefined}>
                    {t.nav[name]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1} className="container main">
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>
            <strong>{pub.site.short}</strong> · {t.area.console}
          </p>
          <ul className="site-footer__links">
            <li>
              <Link to={pathTo(lang, 'start')}>{t.layout.publicSite}</Link>
            </li>
            <li>
              <a href="tel:110">{t.layout.emergency}</a>
            </li>
          </ul>
        </div>
      </footer>
    </div>
  );
}
