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
  directory: lazy(() => import('./directory/DirectoryPage')),
  messages: lazy(() => import('./messages/MessagesPage')),
  message: lazy(() => import('./messages/MessagePage')),
  users: lazy(() => import('./admin/UsersPage')),
  audit: lazy(() => import('./admin/AuditPage')),
  deliveries: lazy(() => import('./admin/DeliveriesPage')),
  statistics: lazy(() => import('./statistics/StatisticsPage')),
};
