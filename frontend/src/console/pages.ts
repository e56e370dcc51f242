// Which component shows each route. To build a page: write it in ./pages/ (default export),
// and point its entry here at it instead of ComingPage.
import { lazy, type ComponentType } from 'react';
import type { StaffRouteName } from './routes';

const Coming = lazy(() => import('./pages/ComingPage'));

export const PAGES: Record<StaffRouteName, ComponentType> = {
  signIn: lazy(() => import('./pages/SignInPage')),
  account: lazy(() => import('./account/AccountPage')),
  portal: lazy(() => import('./portal/PortalPage')),
  portalNew: lazy(() => import('./portal/NewReferralPage')),
  portalReferral: lazy(() => import('./portal/PortalReferralPage')),
  console: lazy(() => import('./pages/ConsoleStartPage')),
  referrals: lazy(() => import('./referrals/InboxPage')),
  referral: lazy(() => import('./referrals/CasePage')),
  directory: Coming,
  messages: Coming,
  message: Coming,
  users: Coming,
  audit: Coming,
  deliveries: Coming,
  statistics: Coming,
};
