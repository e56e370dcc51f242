import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { json, mockFetch } from '../test/render';
import { staffApi } from './client';
import { SessionProvider } from './SessionProvider';
import * as tokens from './tokens';
import { saveDraft, loadDraft } from './drafts';
import { useSession } from './useSession';

const ME = {
  kind: 'user',
  email: 'koordination@example.org',
  role: 'coordinator',
  organisation: { slug: 'lka-ni', name: 'LKA NI' },
  scopes: ['referrals:read-all', 'referrals:triage'],
};
const grant = (n: number) => json({ access_token: `token-${n}`, token_type: 'Bearer', expires_in: 900, scope: '' });

function Who() {
  const session = useSession();
  return (
    <p>
      {session.status}:{session.principal?.email ?? '-'}:{String(session.has('referrals:triage'))}
    </p>
  );
}

function renderSession() {
  const client = new QueryClient();
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <Who />
      </SessionProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  tokens.resetForTests();
  sessionStorage.clear();
});

describe('session', () => {
  it('comes back after a reload through the refresh cookie, with the principal and its scopes', async () => {
    let refreshes = 0;
    const seen: (string | null)[] = [];
    mockFetch((url, init) => {
      if (url.pathname === '/api/v1/auth/refresh' && init.method === 'POST') return grant(++refreshes);
      if (url.pathname === '/api/v1/auth/me') return json(ME);
      return json({}, 404);
    });
    const fetchSpy = vi.mocked(globalThis.fetch);
    renderSession();
    await screen.findByText('signed-in:koordination@example.org:true');
    expect(refreshes).toBe(1);
    const meCall = fetchSpy.mock.calls.find(([input]) => String(input instanceof Request ? input.url : input).endsWith('/auth/me'));
    const request = meCall?.[0] as Request;
    seen.push(request.headers.get('Authorization'));
    expect(seen).toEqual(['Bearer token-1']);
  });

  it('is signed out when the refresh cookie is missing or spent', async () => {
    mockFetch((url) =>
      url.pathname === '/api/v1/auth/refresh' ? json({ title: 'no', status: 400, error: 'invalid_request' }, 400) : json({}, 404),
    );
    renderSession();
    await screen.findByText('signed-out:-:false');
  });

  it('renews the access token once after a 401 and repeats the call', async () => {
    let refreshes = 0;
    mockFetch((url, init) => {
      if (url.pathname === '/api/v1/auth/token') return grant(0);
      if (url.pathname === '/api/v1/auth/refresh' && init.method === 'POST') return grant(++refreshes);
      return json(ME);
    });
    await tokens.signInWithPassword({ email: 'a@example.org', password: 'x'.repeat(12) });
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const request = input as Request;
        const url = new URL(typeof input === 'string' ? input : request.url, 'http://localhost');
        if (url.pathname === '/api/v1/auth/refresh') return grant(++refreshes);
        calls.push(request.headers.get('Authorization') ?? '');
        return calls.length === 1 ? json({ title: 'expired', status: 401 }, 401) : json(ME);
      }),
    );
    const result = await staffApi.GET('/api/v1/auth/me');
    expect(result.data?.email).toBe(ME.email);
    expect(calls).toEqual(['Bearer token-0', 'Bearer token-1']);
  });

  it('forgets the token and every draft on sign-out', async () => {
    mockFetch((url) => (url.pathname === '/api/v1/auth/token' ? grant(7) : new Response(null, { status: 204 })));
    await tokens.signInWithPassword({ email: 'a@example.org', password: 'x'.repeat(12) });
    saveDraft('referral', { concern: 'x' });
    expect(tokens.currentToken()).toBe('token-7');
    await tokens.signOut();
    expect(tokens.currentToken()).toBeNull();
    expect(loadDraft('referral')).toBeNull();
  });

  it('never keeps the access token in storage', async () => {
    mockFetch((url) => (url.pathname === '/api/v1/auth/token' ? grant(9) : json(ME)));
    await tokens.signInWithPassword({ email: 'a@example.org', password: 'x'.repeat(12) });
    const stored = [...Object.values(localStorage), ...Object.values(sessionStorage)].join(' ');
    expect(stored).not.toContain('token-9');
    await waitFor(() => expect(tokens.currentToken()).toBe('token-9'));
  });
});
