// The session as React state: who is signed in (from GET /api/v1/auth/me) and with which scopes.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { components } from '../api/schema';
import { setSessionExpiredHandler, staffApi, unwrap } from './client';
import * as tokens from './tokens';

export type Principal = components['schemas']['MeResponse'];

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out';

export interface Session {
  status: SessionStatus;
  principal: Principal | null;
  /** True when the session ended by itself (not by signing out): the sign-in page says so. */
  expired: boolean;
  /** Whether the principal holds every one of `scopes`. */
  has: (...scopes: string[]) => boolean;
  /** Whether the principal holds at least one of `scopes`. */
  hasAny: (...scopes: string[]) => boolean;
  signIn: (credentials: tokens.Credentials) => Promise<Principal>;
  /** Reloads the principal, e.g. after tokens were issued by another endpoint. */
  reload: () => Promise<Principal | null>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

async function fetchMe(): Promise<Principal> {
  return unwrap(await staffApi.GET('/api/v1/auth/me'));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [expired, setExpired] = useState(false);
  const started = useRef(false);
  const signedIn = useRef(false);
  signedIn.current = status === 'signed-in';

  const end = useCallback(
    (byItself: boolean) => {
      setPrincipal(null);
      setStatus('signed-out');
      setExpired(byItself);
      // Nothing a signed-in person saw stays in the cache.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === 'staff' });
    },
    [queryClient],
  );

  const reload = useCallback(async () => {
    if (!(await tokens.validToken())) {
      end(false);
      return null;
    }
    const me = await fetchMe();
    setPrincipal(me);
    setStatus('signed-in');
    setExpired(false);
    return me;
  }, [end]);

  useEffect(() => {
    setSessionExpiredHandler(() => end(true));
    // A renewal in the background that finds the session gone (e.g. signed out everywhere).
    const unsubscribe = tokens.onTokenChange((token) => {
      if (token === null && signedIn.current) end(true);
    });
    if (!started.current) {
      started.current = true;
      // After a reload: the refresh cookie, if any, brings the session back.
      tokens
        .renew()
        .then(async (token) => {
          if (token) await reload();
          else end(false);
        })
        .catch(() => end(false));
    }
    return () => {
      unsubscribe();
    };
  }, [end, reload]);

  const signIn = useCallback(
    async (credentials: tokens.Credentials) => {
      await tokens.signInWithPassword(credentials);
      const me = await fetchMe();
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === 'staff' });
      setPrincipal(me);
      setStatus('signed-in');
      setExpired(false);
      return me;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await tokens.signOut();
    } finally {
      end(false);
    }
  }, [end]);

  const session = useMemo<Session>(() => {
    const scopes = new Set(principal?.scopes ?? []);
    return {
      status,
      principal,
      expired,
      has: (...wanted) => principal !== null && wanted.every((scope) => scopes.has(scope)),
      hasAny: (...wanted) => principal !== null && wanted.some((scope) => scopes.has(scope)),
      signIn,
      reload,
      signOut,
    };
  }, [status, principal, expired, signIn, reload, signOut]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
