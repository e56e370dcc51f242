import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../test/render';
import { organisation } from '../test/fixtures';
import DirectoryPage, { SEARCH_DELAY_MS } from './DirectoryPage';

const ALL = [
  organisation(),
  organisation({ id: '2', slug: 'beraten', name: 'beRATen e.V.', short_name: 'beRATen e.V.', kind: 'association' }),
];

function directoryApi() {
  return mockFetch((url) => {
    if (url.pathname === '/api/v1/topics') return json({ items: [], next_cursor: null });
    const q = url.searchParams.get('q')?.toLowerCase();
    const items = q ? ALL.filter((o) => o.name.toLowerCase().includes(q)) : ALL;
    const cursor = url.searchParams.get('cursor');
    return json({ items: cursor ? [] : items, next_cursor: cursor ? null : 'c1' });
  });
}

const organisationCalls = (fetch: ReturnType<typeof mockFetch>) =>
  fetch.mock.calls
    .map(([input]) => new URL(input instanceof Request ? input.url : String(input)))
    .filter((url) => url.pathname === '/api/v1/organisations');

describe('DirectoryPage', () => {
  it('searches as you type, once typing pauses, and keeps the search in the URL', async () => {
    const fetch = directoryApi();
    const user = userEvent.setup();
    const { location } = renderAt(<DirectoryPage />, { path: '/organisationen' });
    expect(await screen.findByRole('link', { name: 'beRATen e.V.' })).toBeTruthy();

    await user.type(screen.getByRole('searchbox', { name: 'Suchbegriff' }), 'bera');
    await waitFor(() => expect(location()).toBe('/organisationen?q=bera'), { timeout: SEARCH_DELAY_MS * 5 });
    await waitFor(() => expect(screen.queryByRole('link', { name: /Kompetenzstelle/ })).toBeNull());

    const searches = organisationCalls(fetch).map((url) => url.searchParams.get('q'));
    expect(searches).toEqual([null, 'bera']); // debounced: no request per keystroke
    expect(organisationCalls(fetch)[1]!.searchParams.get('lang')).toBe('de');
    expect(screen.getByRole('status').textContent).toBe('1 Organisation auf dieser Seite, weitere folgen.');
  });

  it('pages with the cursor in the URL and filters by kind', async () => {
    const fetch = directoryApi();
    const user = userEvent.setup();
    const { location } = renderAt(<DirectoryPage />, { path: '/en/organisations?q=x' });
    await screen.findByRole('navigation', { name: 'Pages' });

    await user.click(screen.getByRole('link', { name: 'Next page' }));
    await waitFor(() => expect(location()).toBe('/en/organisations?q=x&cursor=c1'));
    expect(await screen.findByText('Page 2')).toBeTruthy();
    expect(organisationCalls(fetch).at(-1)!.searchParams.get('cursor')).toBe('c1');

    await user.selectOptions(screen.getByLabelText('Kind of organisation'), 'association');
    await waitFor(() => expect(location()).toBe('/en/organisations?q=x&kind=association'));
    expect(organisationCalls(fetch).at(-1)!.searchParams.get('kind')).toBe('association');
  });
});
