import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { GERMAN_ONLY_ROUTES, LANGS, ROUTES, type GermanOnlyRouteName, type RouteName } from './i18n/routes';
import { NotFoundPage } from './pages/NotFoundPage';
import { StartPage } from './pages/StartPage';

const PAGES: Record<RouteName, React.ComponentType> = {
  start: StartPage,
  directory: lazy(() => import('./pages/DirectoryPage')),
  organisation: lazy(() => import('./pages/OrganisationPage')),
  responsibilities: lazy(() => import('./pages/ResponsibilitiesPage')),
  network: lazy(() => import('./pages/NetworkPage')),
  contact: lazy(() => import('./pages/ContactPage')),
  legalNotice: lazy(() => import('./legal/LegalNoticePage')),
  privacy: lazy(() => import('./legal/PrivacyPage')),
  accessibility: lazy(() => import('./legal/AccessibilityPage')),
};
const GERMAN_ONLY_PAGES: Record<GermanOnlyRouteName, React.ComponentType> = {
  easyLanguage: lazy(() => import('./legal/EasyLanguagePage')),
  signLanguage: lazy(() => import('./legal/SignLanguagePage')),
};

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        {(Object.keys(ROUTES) as RouteName[]).flatMap((name) => {
          const Page = PAGES[name];
          return LANGS.map((lang) => <Route key={`${name}-${lang}`} path={ROUTES[name][lang]} element={<Page />} />);
        })}
        {(Object.keys(GERMAN_ONLY_ROUTES) as GermanOnlyRouteName[]).map((name) => {
          const Page = GERMAN_ONLY_PAGES[name];
          return <Route key={name} path={GERMAN_ONLY_ROUTES[name]} element={<Page />} />;
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
