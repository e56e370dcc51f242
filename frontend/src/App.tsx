import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/QueryState';
import { GERMAN_ONLY_ROUTES, LANGS, ROUTES, type GermanOnlyRouteName, type RouteName } from './i18n/routes';
import { STAFF_PATHS } from './i18n/staffPaths';
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

// Sign-in, partner portal, console and account: one lazily loaded chunk with its own layout,
// kept mounted while one moves between its pages (it matches the path itself).
const StaffApp = lazy(() => import('./console/StaffApp'));

export function App() {
  return (
    <Routes>
      <Route
        element={
          <Suspense fallback={<Loading />}>
            <StaffApp />
          </Suspense>
        }
      >
        {STAFF_PATHS.map((path) => (
          <Route key={path} path={path} element={null} />
        ))}
      </Route>
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
