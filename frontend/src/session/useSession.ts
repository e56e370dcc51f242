import { useContext } from 'react';
import { SessionContext, type Session } from './SessionProvider';

/** The session of the person using the app; only inside `<SessionProvider>`. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs a <SessionProvider> above it.');
  return session;
}
