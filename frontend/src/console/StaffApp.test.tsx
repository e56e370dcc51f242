import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../test/render';
import * as tokens from '../session/tokens';
import StaffApp from './StaffApp';

const PARTNER = {
  kind: 'user',
  email: 'partner@example.org',
  role: 'partner',
  organisation: { slug: 'demo-schule', name: 'Demo-Schule' },
  scopes: ['referrals:read-own', 'referrals:submit'],
};
const grant = json({ access_token: 'tok', token_type: 'Bearer', expires_in: 900, scope: '' });
const page = { items: [], next_cursor: null };

function server({ signedIn }: { signedIn: boolean }) {
  return mockFetch((url) => {
    if (url.pathname === '/api/v1/auth/refresh')
      return signedIn ? grant.clone() : json({ title: 'No', status: 400, error: 'invalid_request' }, 400);
    if (url.pathname === '/api/v1/auth/token') return grant.clone();
    if (url.pathname === '/api/v1/auth/me') return json(PARTNER);
    if (url.pathname === '/api/v1/referrals') return json(page);
    return json({ title: 'Not found', status: 404 }, 404);
  });
}

// Typing through whole forms takes a while on a busy machine.
vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 10_000 }); // the first render loads the lazy pages

beforeEach(() => tokens.resetForTests());

describe('staff app', () => {
  it('sends someone without a session to the sign-in page and back afterwards', async () => {
    server({ signedIn: false });
    const view = renderAt(<StaffApp />, { path: '/portal/meldungen/neu' });
    await screen.findByRole('heading', { level: 1, name: 'Anmelden' });
    expect(view.location()).toBe('/anmelden?next=%2Fportal%2Fmeldungen%2Fneu');
    await userEvent.type(screen.getByLabelText('E-Mail'), 'partner@example.org');
    await userEvent.type(screen.getByLabelText('Passwort'), 'a long enough password');
    await userEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    await waitFor(() => expect(view.location()).toBe('/portal/meldungen/neu'));
  });

  it('labels the English sign-in form in English', async () => {
    server({ signedIn: false });
    renderAt(<StaffApp />, { path: '/en/sign-in' });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('says politely that a page is not for this account, and does not offer it', async () => {
    server({ signedIn: true });
    renderAt(<StaffApp />, { path: '/konsole/protokoll' });
    await screen.findByRole('heading', { level: 1, name: 'Diese Seite ist für Ihr Konto nicht vorgesehen' });
    const nav = screen.getByRole('navigation', { name: 'Navigation der Konsole' });
    expect(within(nav).queryByRole('link', { name: 'Protokoll' })).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Fall melden' })).toBeTruthy();
  });

  it('brings a signed-in partner from the sign-in page to the portal', async () => {
    server({ signedIn: true });
    const view = renderAt(<StaffApp />, { path: '/anmelden' });
    await waitFor(() => expect(view.location()).toBe('/portal'));
  });
});
