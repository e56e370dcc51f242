// The routes of the signed-in part of the app, German and English twins, and who may use them.
// Outside clients and e-mails rely on these paths (e.g. /konsole/meldungen/{id}).
import { matchPath } from 'react-router';
import type { Lang } from '../i18n/routes';

/** `public`: anyone; `signed-in`: any account; otherwise at least one of the scopes. */
export type Access = 'public' | 'signed-in' | { anyOf: readonly string[] };

/** Every scope that makes someone staff (partners hold only referrals:submit and referrals:read-own). */
export const STAFF_SCOPES = [
  'referrals:read-all',
  'referrals:read-assigned',
  'directory:write',
  'messages:read',
  'users:manage',
  'audit:read',
  'stats:read',
] as const;

const REFERRAL_READERS = ['referrals:read-all', 'referrals:read-assigned'] as const;

interface StaffRoute {
  de: string;
  en: string;
  access: Access;
}

/** In matching order: fixed paths before patterns (`neu` is not an id). */
export const STAFF_ROUTES = {
  signIn: { de: '/anmelden', en: '/en/sign-in', access: 'public' },
  account: { de: '/konto', en: '/en/account', access: 'signed-in' },
  portal: { de: '/portal', en: '/en/portal', access: { anyOf: ['referrals:read-own'] } },
  portalNew: {
    de: '/portal/meldungen/neu',
    en: '/en/portal/referrals/new',
    access: { anyOf: ['referrals:submit'] },
  },
  portalReferral: {
    de: '/portal/meldungen/:id',
    en: '/en/portal/referrals/:id',
    access: { anyOf: ['referrals:read-own'] },
  },
  console: { de: '/konsole', en: '/en/console', access: { anyOf: STAFF_SCOPES } },
  referrals: { de: '/konsole/meldungen', en: '/en/console/referrals', access: { anyOf: REFERRAL_READERS } },
  referral: { de: '/konsole/meldungen/:id', en: '/en/console/referrals/:id', access: { anyOf: REFERRAL_READERS } },
  directory: { de: '/konsole/verzeichnis', en: '/en/console/directory', access: { anyOf: ['directory:write'] } },
  messages: { de: '/konsole/nachrichten', en: '/en/console/messages', access: { anyOf: ['messages:read'] } },
  message: { de: '/konsole/nachrichten/:id', en: '/en/console/messages/:id', access: { anyOf: ['messages:read'] } },
  users: { de: '/konsole/benutzer', en: '/en/console/users', access: { anyOf: ['users:manage'] } },
  audit: { de: '/konsole/protokoll', en: '/en/console/audit', access: { anyOf: ['audit:read'] } },
  deliveries: { de: '/konsole/zustellungen', en: '/en/console/deliveries', access: { anyOf: ['users:manage'] } },
  statistics: { de: '/konsole/statistik', en: '/en/console/statistics', access: { anyOf: ['stats:read'] } },
} as const satisfies Record<string, StaffRoute>;

export type StaffRouteName = keyof typeof STAFF_ROUTES;
export type StaffParams = { id?: string };

export interface StaffMatch {
  name: StaffRouteName;
  lang: Lang;
  params: StaffParams;
}

const NAMES = Object.keys(STAFF_ROUTES) as StaffRouteName[];

export function matchStaffRoute(pathname: string): StaffMatch | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const name of NAMES) {
    for (const lang of ['de', 'en'] as const) {
      const found = matchPath({ path: STAFF_ROUTES[name][lang], end: true }, path);
      if (found) return { name, lang, params: { id: found.params.id } };
    }
  }
  return null;
}

export function staffPath(lang: Lang, name: StaffRouteName, params: StaffParams = {}): string {
  return STAFF_ROUTES[name][lang].replace(':id', encodeURIComponent(params.id ?? ''));
}

/** Whether someone with `scopes` (null: nobody signed in) may use the route. */
export function mayUse(name: StaffRouteName, scopes: readonly string[] | null): boolean {
  const access: Access = STAFF_ROUTES[name].access;
  if (access === 'public') return true;
  if (scopes === null) return false;
  if (access === 'signed-in') return true;
  return access.anyOf.some((scope) => scopes.includes(scope));
}

/** Where someone lands after signing in without a page to return to. */
export function homeFor(scopes: readonly string[]): StaffRouteName {
  if (mayUse('console', scopes)) return 'console';
  if (mayUse('portal', scopes)) return 'portal';
  return 'account';
}

/**
 * A path to return to after signing in: only a path of this app (never another host, never the
 * sign-in page itself).
 */
export function safeReturnPath(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  const match = matchStaffRoute(next.split(/[?#]/)[0] ?? '');
  return match && match.name !== 'signIn' ? next : null;
}
