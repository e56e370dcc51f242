// Hooks every page of the signed-in part uses: its texts, its paths, the matched route.
import { createContext, useCallback, useContext } from 'react';
import { useLang } from '../i18n/useLang';
import { CONSOLE_TEXTS, type ConsoleTexts } from './texts';
import { staffPath, type StaffMatch, type StaffParams, type StaffRouteName } from './routes';

export function useConsoleTexts(): ConsoleTexts {
  return CONSOLE_TEXTS[useLang()];
}

/** Builds paths in the language shown: `to('referral', { id })`. */
export function useStaffPaths() {
  const lang = useLang();
  return useCallback((name: StaffRouteName, params?: StaffParams) => staffPath(lang, name, params), [lang]);
}

export const StaffMatchContext = createContext<StaffMatch | null>(null);

/** The route being shown and its parameters (`id`). */
export function useStaffRoute(): StaffMatch {
  const match = useContext(StaffMatchContext);
  if (!match) throw new Error('useStaffRoute() outside the staff app.');
  return match;
}
