// The signed-in part of the app (sign-in, partner portal, staff console, account), one lazily
// loaded chunk: public pages never load any of it.
import { useLocation } from 'react-router';
import { SessionProvider } from '../session';
import { ConsoleLayout } from './ConsoleLayout';
import { Guard, StaffNotFound } from './Guard';
import { PAGES } from './pages';
import { matchStaffRoute } from './routes';
import { StaffMatchContext } from './useConsole';
import './console.css';

function StaffRoutes() {
  const { pathname } = useLocation();
  const match = matchStaffRoute(pathname);
  if (!match) {
    return (
      <ConsoleLayout>
        <StaffNotFound />
      </ConsoleLayout>
    );
  }
  const Page = PAGES[match.name];
  return (
    <StaffMatchContext.Provider value={match}>
      <ConsoleLayout>
        <Guard route={match.name}>
          <Page key={`${match.name}:${match.params.id ?? ''}`} />
        </Guard>
      </ConsoleLayout>
    </StaffMatchContext.Provider>
  );
}

export default function StaffApp() {
  return (
    <SessionProvider>
      <StaffRoutes />
    </SessionProvider>
  );
}
