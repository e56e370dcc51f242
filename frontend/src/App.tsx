import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { LANGS, ROUTES, type RouteName } from './i18n/routes';
import { NotFoundPage } from './pages/NotFoundPage';
import { StartPage } from './pages/StartPage';

const PAGES: Record<RouteName, React.ComponentType> = {
  start: StartPage,
  directory: lazy(() => import('./pages/DirectoryPage')),
  organisation: lazy(() => import('./pages/OrganisationPage')),
  responsibilities: lazy(() => import('./pages/ResponsibilitiesPage')),
  network: lazy(() => import('./pages/NetworkPage')),
  contact: lazy(() => import('./pages/ContactPage')),
};

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        {(Object.keys(ROUTES) as RouteName[]).flatMap((name) => {
          const Page = PAGES[name];
          return LANGS.map((lang) => <Route key={`${name}-${lang}`} path={ROUTES[name][lang]} element={<Page />} />);
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
