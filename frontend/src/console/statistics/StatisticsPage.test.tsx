import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../../test/render';
import * as tokens from '../../session/tokens';
import StaffApp from '../StaffApp';

const COORDINATOR = {
  kind: 'user',
  email: 'koordination@example.org',
  role: 'coordinator',
  organisation: { slug: 'lka-ni', name: 'LKA NI' },
  scopes: ['referrals:read-all', 'referrals:triage', 'messages:read', 'stats:read'],
};

const cell = (key: string, count: number | null, label: string | null = null) => ({
  key,
  label,
  count,
  suppressed: count === null,
});

const STATS = {
  min_cell_size: 5,
  total: 23,
  by_month: [cell('2026-02', null), cell('2026-01', 19)],
  by_status: [cell('closed', 8), cell('received', 15), cell('rejected', null)],
  by_urgency: [cell('routine', 20), cell('acute', null)],
  by_programme: [cell('aktion-neustart', 6, 'Aktion Neustart'), cell('none', 17)],
  by_municipality: [cell('Hannover', 23)],
  median_days_to_triage: 2.5,
  median_days_to_assignment: null,
};

function server() {
  return mockFetch((url) => {
    if (url.pathname === '/api/v1/auth/refresh') return json({ access_token: 't', token_type: 'Bearer', expires_in: 900, scope: '' });
    if (url.pathname === '/api/v1/auth/me') return json(COORDINATOR);
    if (url.pathname === '/api/v1/stats/referrals') return json(STATS);
    return json({ title: 'Not found', status: 404 }, 404);
  });
}

vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 10_000 }); // the first render loads the lazy pages

beforeEach(() => tokens.resetForTests());

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));

describe('statistics page', () => {
  it('draws every chart as a titled SVG and marks a suppressed cell "< 5", never 0', async () => {
    server();
    renderAt(<StaffApp />, { path: '/konsole/statistik' });
    const month = await screen.findByRole('img', { name: 'Meldungen pro Monat' });
    expect(screen.getAllByRole('img').map((svg) => svg.getAttribute('data-chart'))).toEqual([
      'stats-month',
      'stats-status',
      'stats-programme',
      'stats-urgency',
    ]);
    const february = month.querySelector('[data-key="2026-02"]')!;
    expect(february.getAttribute('data-suppressed')).toBe('true');
    expect(february.querySelector('.chart__value')?.textContent).toBe('< 5');
    expect(february.querySelector('rect.chart__band')).not.toBeNull();
  });

  it('gives every chart a table, in calendar order, reading suppressed cells as "weniger als 5"', async () => {
    server();
    renderAt(<StaffApp />, { path: '/konsole/statistik' });
    await screen.findByRole('img', { name: 'Meldungen pro Monat' });
    await userEvent.click(screen.getByText('Tabelle: Meldungen pro Monat'));
    expect(rowsOf(screen.getByRole('table', { name: 'Meldungen pro Monat' }))).toEqual([
      ['Januar 2026', '19'],
      ['Februar 2026', 'weniger als 5'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'Meldungen nach Stand', hidden: true }))).toEqual([
      ['Eingegangen', '15'],
      ['Abgeschlossen', '8'],
      ['Abgelehnt', 'weniger als 5'],
    ]);
  });

  it('shows the median days to triage, and says when a median is withheld', async () => {
    server();
    renderAt(<StaffApp />, { path: '/konsole/statistik' });
    const figures = await screen.findByRole('region', { name: 'Kennzahlen' });
    expect(within(figures).getByText('Median der Tage bis zur Sichtung').nextElementSibling?.textContent).toBe('2,5 Tage');
    expect(within(figures).getByText('Median der Tage bis zur Zuweisung').nextElementSibling?.textContent).toBe(
      'nicht angegeben (weniger als 5 Fälle)',
    );
  });

  it('speaks English on the English address', async () => {
    server();
    renderAt(<StaffApp />, { path: '/en/console/statistics' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Statistics' })).toBeTruthy();
    await screen.findByRole('img', { name: 'Referrals per month' });
    const programmes = screen.getByRole('table', { name: 'Referrals by programme', hidden: true });
    expect(rowsOf(programmes)).toEqual([
      ['Aktion Neustart', '6'],
      ['Not yet assigned', '17'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'Referrals by urgency', hidden: true }))).toEqual([
      ['Acute', 'fewer than 5'],
      ['Routine', '20'],
    ]);
  });

  it('asks for the period chosen in the filter, from the first day to the end of the last', async () => {
    const fetch = server();
    renderAt(<StaffApp />, { path: '/konsole/statistik?from=2026-01-01&to=2026-01-31' });
    await screen.findByRole('img', { name: 'Meldungen pro Monat' });
    const asked = fetch.mock.calls
      .map(([input]) => new URL(input instanceof Request ? input.url : String(input), 'http://localhost'))
      .find((url) => url.pathname === '/api/v1/stats/referrals')!;
    expect(asked.searchParams.get('created_after')).toBe(new Date('2026-01-01T00:00:00').toISOString());
    expect(asked.searchParams.get('created_before')).toBe(new Date('2026-02-01T00:00:00').toISOString());
  });

  it('refuses a period that ends before it starts, without asking the API', async () => {
    const fetch = server();
    renderAt(<StaffApp />, { path: '/konsole/statistik?from=2026-02-01&to=2026-01-31' });
    await screen.findByRole('alert');
    expect(fetch.mock.calls.some(([input]) => String(input instanceof Request ? input.url : input).includes('/stats/'))).toBe(false);
  });
});
