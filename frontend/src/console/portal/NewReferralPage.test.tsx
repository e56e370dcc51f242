import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../../test/render';
import * as tokens from '../../session/tokens';
import StaffApp from '../StaffApp';

const PARTNER = {
  kind: 'user',
  email: 'partner@example.org',
  role: 'partner',
  organisation: { slug: 'demo-schule', name: 'Demo-Schule' },
  scopes: ['referrals:read-own', 'referrals:submit'],
};

function server(onPost: (key: string | null, body: unknown) => Response | Promise<Response>) {
  return mockFetch(async (url, init) => {
    if (url.pathname === '/api/v1/auth/refresh') return json({ access_token: 't', token_type: 'Bearer', expires_in: 900, scope: '' });
    if (url.pathname === '/api/v1/auth/me') return json(PARTNER);
    if (url.pathname === '/api/v1/referrals' && init.method === 'POST') return onPost(null, JSON.parse(init.body ?? '{}'));
    return json({ items: [], next_cursor: null });
  });
}

async function fillUpToSummary(user: ReturnType<typeof userEvent.setup>, urgency: RegExp) {
  await user.type(await screen.findByLabelText('Pseudonym'), 'Kranich-03');
  await user.type(screen.getByLabelText('Wohnort (Gemeinde)'), 'Hannover');
  await user.click(screen.getByRole('button', { name: 'Weiter' }));
  await user.type(screen.getByLabelText('Was beobachten Sie?'), 'Zieht sich zurück.');
  await user.click(screen.getByLabelText('Sozialer Rückzug'));
  await user.click(screen.getByRole('button', { name: 'Weiter' }));
  await user.click(screen.getByLabelText(urgency));
}

// Typing through whole forms takes a while on a busy machine.
vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 10_000 }); // the first render loads the lazy pages

beforeEach(() => {
  tokens.resetForTests();
  sessionStorage.clear();
});

describe('referral form', () => {
  it('shows the emergency advice as soon as acute is chosen, before anything is sent', async () => {
    const posts = vi.fn();
    server(() => {
      posts();
      return json({}, 500);
    });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/portal/meldungen/neu' });
    await fillUpToSummary(user, /^Akut/);
    const advice = screen.getByRole('alert');
    expect(advice.textContent).toContain('110');
    expect(posts).not.toHaveBeenCalled();
  });

  it('asks for a reason when the person was not informed, explaining the rule', async () => {
    server(() => json({}, 500));
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/portal/meldungen/neu' });
    await fillUpToSummary(user, /^Normal/);
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    expect(screen.getByText(/Fehlt eines davon/)).toBeTruthy();
    await user.click(screen.getAllByLabelText('Nein')[0]!);
    await user.click(screen.getAllByLabelText('Ja')[1]!);
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    expect(await screen.findAllByText('Bitte begründen Sie, warum Sie ohne Information oder Einverständnis melden.')).not.toHaveLength(0);
  });

  it('keeps its input through a reload of the page', async () => {
    server(() => json({}, 500));
    const user = userEvent.setup();
    const first = renderAt(<StaffApp />, { path: '/portal/meldungen/neu' });
    await user.type(await screen.findByLabelText('Pseudonym'), 'Eule-11');
    first.unmount();
    tokens.resetForTests();
    renderAt(<StaffApp />, { path: '/portal/meldungen/neu' });
    expect(((await screen.findByLabelText('Pseudonym')) as HTMLInputElement).value).toBe('Eule-11');
  });

  it('sends one request with one Idempotency-Key however often send is clicked, then forgets the draft', async () => {
    const keys: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const fetchMock = server(async () => {
      await gate;
      return json({ id: 'r1', reference: 'KIP-2026-000007', status: 'received', urgency: 'routine', created_at: new Date().toISOString() }, 201);
    });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/portal/meldungen/neu' });
    await fillUpToSummary(user, /^Normal/);
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await user.click(screen.getAllByLabelText('Ja')[0]!);
    await user.click(screen.getAllByLabelText('Ja')[1]!);
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await user.type(screen.getByLabelText('Name'), 'Frau Beispiel');
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    const send = screen.getByRole('button', { name: 'Meldung senden' });
    await user.dblClick(send);
    await user.click(send);
    release();
    await screen.findByText('KIP-2026-000007');
    for (const [input] of fetchMock.mock.calls) {
      const request = input as Request;
      if (request.method === 'POST' && request.url.endsWith('/api/v1/referrals')) keys.push(request.headers.get('Idempotency-Key') ?? '');
    }
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/.{8,}/);
    await waitFor(() => expect(Object.keys(sessionStorage).filter((k) => k.startsWith('kipni.draft.'))).toEqual([]));
  });
});
