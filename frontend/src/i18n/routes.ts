// The app's routes in both languages; German is the default, English lives under /en/.
export type Lang = 'de' | 'en';
export const LANGS: readonly Lang[] = ['de', 'en'];

export const ROUTES = {
  start: { de: '/', en: '/en/' },
  directory: { de: '/organisationen', en: '/en/organisations' },
  organisation: { de: '/organisationen/:slug', en: '/en/organisations/:slug' },
  responsibilities: { de: '/zustaendigkeiten', en: '/en/responsibilities' },
  network: { de: '/netzwerk', en: '/en/network' },
  contact: { de: '/kontakt/:slug', en: '/en/contact/:slug' },
  legalNotice: { de: '/impressum', en: '/en/legal-notice' },
  privacy: { de: '/datenschutz', en: '/en/privacy' },
  accessibility: { de: '/barrierefreiheit', en: '/en/accessibility' },
} as const satisfies Record<string, Record<Lang, string>>;

/** Pages in German only (Leichte Sprache, Deutsche Gebärdensprache); the switch to English leads to the start page. */
export const GERMAN_ONLY_ROUTES = {
  easyLanguage: '/leichte-sprache',
  signLanguage: '/gebaerdensprache',
} as const;
export type GermanOnlyRouteName = keyof typeof GERMAN_ONLY_ROUTES;

export type RouteName = keyof typeof ROUTES;
export type RouteParams = { slug?: string };

export interface RouteMatch {
  name: RouteName;
  lang: Lang;
  params: RouteParams;
}

const segments = (path: string) => path.split('/').filter(Boolean);

export function langOfPath(pathname: string): Lang {
  return pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'de';
}

export function pathTo(lang: Lang, name: RouteName, params: RouteParams = {}): string {
  return ROUTES[name][lang].replace(':slug', encodeURIComponent(params.slug ?? ''));
}

export function matchRoute(pathname: string): RouteMatch | null {
  const actual = segments(pathname);
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    for (const lang of LANGS) {
      const pattern = segments(ROUTES[name][lang]);
      if (pattern.length !== actual.length) continue;
      const params: RouteParams = {};
      const matches = pattern.every((part, i) => {
        const value = actual[i] ?? '';
        if (part === ':slug') {
          params.slug = decodeURIComponent(value);
          return value !== '';
        }
        return part === value;
      });
      if (matches) return { name, lang, params };
    }
  }
  return null;
}

/** The same page in the other language, keeping the query string; unknown pages map to the start page. */
export function twinPath(pathname: string, search: string, target: Lang): string {
  const match = matchRoute(pathname);
  if (!match) return pathTo(target, 'start');
  return pathTo(target, match.name, match.params) + search;
}

/** An app path from the API (e.g. a web form `/kontakt/kip-ni`) in the language shown. */
export function localiseAppPath(path: string, lang: Lang): string {
  const match = matchRoute(path);
  return match ? pathTo(lang, match.name, match.params) : path;
}
