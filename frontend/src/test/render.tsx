import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';

/** Renders `ui` at `path` (matching `pattern`) with a fresh query cache; `location()` reads the URL. */
export function renderAt(ui: ReactNode, { path = '/', pattern = '*' }: { path?: string; pattern?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  let current = '';
  function Spy() {
    const location = useLocation();
    current = location.pathname + location.search;
    return null;
  }
  const result = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route
            path={pattern}
            element={
              <>
                {ui}
                <Spy />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, location: () => current };
}

type Handler = (url: URL, init: { method: string; body?: string }) => Response | Promise<Response>;

/** Replaces the global fetch; returns the mock so tests can inspect calls. */
export function mockFetch(handler: Handler) {
  const mock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input), 'http://localhost');
    const method = request?.method ?? init?.method ?? 'GET';
    const body = request ? await request.text() : (init?.body as string | undefined);
    return handler(url, { method, body: body || undefined });
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
