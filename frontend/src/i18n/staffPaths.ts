// Where the signed-in part of the app (sign-in, partner portal, staff console, account) lives.
// Only these paths are known to the public bundle; everything behind them is loaded lazily.
import type { Lang } from './routes';

/** Path patterns App.tsx hands to the lazily loaded staff app. */
export const STAFF_PATHS: readonly string[] = [
  '/anmelden',
  '/en/sign-in',
  '/portal/*',
  '/en/portal/*',
  '/konsole/*',
  '/en/console/*',
  '/konto',
  '/en/account',
];

export const SIGN_IN_PATH: Record<Lang, string> = { de: '/anmelden', en: '/en/sign-in' };
