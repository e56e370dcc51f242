import { useCallback } from 'react';
import { useLocation } from 'react-router';
import { langOfPath, pathTo, type Lang, type RouteName, type RouteParams } from './routes';
import { TEXTS, type Texts } from './texts';

export function useLang(): Lang {
  return langOfPath(useLocation().pathname);
}

export function useTexts(): Texts {
  return TEXTS[useLang()];
}

/** Builds paths in the language shown: `to('organisation', { slug })`. */
export function usePaths() {
  const lang = useLang();
  return useCallback((name: RouteName, params?: RouteParams) => pathTo(lang, name, params), [lang]);
}
