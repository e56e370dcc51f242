// Route guard by scope: a page one may not use says so politely; without a session the sign-in
// page opens and brings one back here afterwards; an account that must enrol a second factor
// is led to the account page first.
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../session';
import { usePageTitle } from '../lib/usePageTitle';
import { homeFor, mayUse, type StaffRouteName } from './routes';
import { useConsoleTexts, useStaffPaths } from './useConsole';

export function Guard({ route, children }: { route: StaffRouteName; children: ReactNode }) {
  const session = useSession();
  const t = useConsoleTexts();
  const to = useStaffPaths();
  const { pathname, search } = useLocation();

  if (session.status === 'loading') {
    return (
      <p className="muted" role="status">
        {t.guard.checking}
      </p>
    );
  }
  if (session.status === 'signed-out' && !mayUse(route, null)) {
    const next = new URLSearchParams({ next: pathname + search });
    return <Navigate replace to={`${to('signIn')}?${next}`} />;
  }
  // An account that must enrol a second factor does that first, before any other page.
  if (session.principal?.enrolment_required && route !== 'account' && route !== 'signIn') {
    return <Navigate replace to={to('account')} />;
  }
  if (!mayUse(route, session.principal?.scopes ?? null)) return <Forbidden />;
  return children;
}

export function Forbidden() {
  const t = useConsoleTexts();
  const to = useStaffPaths();
  const { principal } = useSession();
  usePageTitle(t.guard.forbiddenTitle);
  return (
    <>
      <h1>{t.guard.forbiddenTitle}</h1>
      <p>{t.guard.forbidden}</p>
      {principal && (
        <p>
          <Link to={to(homeFor(principal.scopes))}>{t.guard.toHome}</Link>
        </p>
      )}
    </>
  );
}

export function StaffNotFound() {
  const t = useConsoleTexts();
  const to = useStaffPaths();
  const { principal } = useSession();
  usePageTitle(t.guard.notFoundTitle);
  return (
    <>
      <h1>{t.guard.notFoundTitle}</h1>
      <p>{t.guard.notFound}</p>
      <p>
        <Link to={principal ? to(homeFor(principal.scopes)) : to('signIn')}>{t.guard.toHome}</Link>
      </p>
    </>
  );
}
