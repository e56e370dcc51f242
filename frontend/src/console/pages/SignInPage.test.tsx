import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../../test/render';
import * as tokens from '../../session/tokens';
import StaffApp from '../StaffApp';

const COORDINATOR = {
  kind: 'user',
  email: 'koordination@example.org',
  role: 'coordinator',
  organisation: { slug: 'kip-ni', name: 'KIP NI' },
  scopes: ['referrals:read-all', 'referrals:triage'],
  second_factor: { enrolled: true, required: true },
  enrolment_required: false,
};
const oauth = (error: string) => json({ title: 'Token request refused', status: 400, error }, 400);

/** The token endpoint asks for a code, refuses `wrong`, and accepts any other code. */
function server(forms: URLSearchParams[]) {
  return mockFetch((url, init) => {
    if (url.pathname === '/api/v1/auth/refresh') return json({ title: 'No', status: 400, error: 'invalid_request' }, 400);
    if (url.pathname === '/api/v1/auth/me') return json(COORDINATOR);
    if (url.pathname === '/api/v1/auth/token') {
      const form = new URLSearchParams(init.body);
      forms.push(form);
      if (!form.get('otp')) return oauth('second_factor_required');
      if (form.get('otp') === '000000') return oauth('invalid_second_factor');
      return json({ access_token: 'tok', token_type: 'Bearer', expires_in: 900, scope: '' });
    }
    return json({ items: [], next_cursor: null });
  });
}

vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 10_000 });

beforeEach(() => tokens.resetForTests());

async function password(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText('E-Mail'), 'koordination@example.org');
  await user.type(screen.getByLabelText('Passwort'), 'a long enough password');
  await user.click(screen.getByRole('button', { name: 'Anmelden' }));
}

describe('sign-in with a second factor', () => {
  it('asks for the code after the password and sends both', async () => {
    const forms: URLSearchParams[] = [];
    server(forms);
    const user = userEvent.setup();
    const view = renderAt(<StaffApp />, { path: '/anmelden' });
    await password(user);
    await user.type(await screen.findByLabelText('Bestätigungscode'), '123456');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    await waitFor(() => expect(view.location()).toBe('/konsole'));
    expect(forms.at(-1)?.get('otp')).toBe('123456');
    expect(forms.at(-1)?.get('password')).toBe('a long enough password');
  });

  it('says so when the code is wrong and stays at the code', async () => {
    server([]);
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/anmelden' });
    await password(user);
    await user.type(await screen.findByLabelText('Bestätigungscode'), '000000');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await screen.findByText(/Der Code stimmt nicht/)).toBeTruthy();
    expect(screen.getByLabelText('Bestätigungscode')).toBeTruthy();
  });
});
