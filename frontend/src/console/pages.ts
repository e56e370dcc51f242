// Which component shows each route; every page is its own lazy chunk, so a person downloads
// only the pages they open. A new page: a default export under its area's folder, named here.
import { lazy, type ComponentType } from 'react';
import type { StaffRouteName } from './routes';

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
