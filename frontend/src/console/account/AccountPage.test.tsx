import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../../test/render';
import * as tokens from '../../session/tokens';
import StaffApp from '../StaffApp';

const COORDINATOR = {
  kind: 'user',
  email: 'koordination@example.org',
  role: 'coordinator',
  organisation: { slug: 'kip-ni', name: 'KIP NI' },
  scopes: ['referrals:read-all', 'referrals:triage', 'messages:read', 'stats:read'],
  second_factor: { enrolled: true, required: true },
  enrolment_required: false,
};
const MUST_ENROL = { ...COORDINATOR, scopes: [], second_factor: { enrolled: false, required: true }, enrolment_required: true };
const CODES = Array.from({ length: 10 }, (_, index) => `aaaa-bbbb-cccc-${String(index).padStart(4, '0')}`);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0h1v1h-1z"/></svg>';
const grant = () => json({ access_token: 'tok', token_type: 'Bearer', expires_in: 900, scope: '' });

interface Server {
  me: () => object;
  status?: () => object;
  confirm?: (body: { code: string }) => Response;
  password?: (body: { current_password: string; new_password: string }) => Response;
}

function server({ me, status, confirm, password }: Server) {
  return mockFetch((url, init) => {
    const body = init.body ? JSON.parse(init.body) : undefined;
    switch (url.pathname) {
      case '/api/v1/auth/refresh':
        return grant();
      case '/api/v1/auth/me':
        return json(me());
      case '/api/v1/auth/second-factor':
        return json(status?.() ?? { enrolled: false, required: true, pending: false, enrolled_at: null, recovery_codes_left: 0 });
      case '/api/v1/auth/second-factor/start':
        return json({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x', qr_svg: SVG, digits: 6, period: 30, algorithm: 'SHA1' });
      case '/api/v1/auth/second-factor/confirm':
        return confirm ? confirm(body) : json({ recovery_codes: CODES });
      case '/api/v1/auth/password':
        return password ? password(body) : new Response(null, { status: 204 });
      case '/api/v1/auth/logout-everywhere':
      case '/api/v1/auth/logout':
        return new Response(null, { status: 204 });
      default:
        return json({ items: [], next_cursor: null });
    }
  });
}

/** Opens the set-up and waits, as a person would, until its first step has the focus the
 * page moves there after a frame: keys typed before that would land on the heading. */
async function openEnrolment(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Authenticator-App einrichten' }));
  const firstStep = await screen.findByRole('heading', { name: '1. Code scannen' });
  await waitFor(() => expect(document.activeElement).toBe(firstStep));
}

vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 10_000 }); // the first render loads the lazy pages

beforeEach(() => tokens.resetForTests());

describe('account page', () => {
  it('leads an account that must enrol to the account page before anything else', async () => {
    server({ me: () => MUST_ENROL });
    const view = renderAt(<StaffApp />, { path: '/konsole/meldungen' });
    await screen.findByRole('heading', { level: 1, name: 'Mein Konto' });
    expect(view.location()).toBe('/konto');
    expect(screen.getByText(/Ihre Rolle verlangt einen zweiten Faktor/)).toBeTruthy();
  });

  it('shows the QR code and the key, confirms with a code and shows ten recovery codes', async () => {
    let enrolled = false;
    const sent: unknown[] = [];
    server({
      me: () => (enrolled ? COORDINATOR : MUST_ENROL),
      confirm: (body) => {
        sent.push(body);
        enrolled = true;
        return json({ recovery_codes: CODES });
      },
    });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/konto' });
    await openEnrolment(user);
    expect(screen.getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' })).toBeTruthy();
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeTruthy();
    await user.type(screen.getByLabelText('Bestätigungscode'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Bestätigen' }));
    const list = await screen.findByRole('list', { name: 'Ihre Wiederherstellungscodes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(sent).toEqual([{ code: '123456' }]);
  });

  it('says so when the code is wrong, and keeps the enrolment open', async () => {
    server({ me: () => MUST_ENROL, confirm: () => json({ title: 'Invalid', status: 422 }, 422) });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/konto' });
    await openEnrolment(user);
    await user.type(screen.getByLabelText('Bestätigungscode'), '000000');
    await user.click(screen.getByRole('button', { name: 'Bestätigen' }));
    expect(await screen.findByText(/Der Code stimmt nicht/)).toBeTruthy();
    expect(screen.getByRole('img', { name: /QR-Code/ })).toBeTruthy();
  });

  it('sends no password change whose new passwords differ', async () => {
    const fetch = server({ me: () => COORDINATOR, status: () => ({ enrolled: true, required: true, pending: false, enrolled_at: null, recovery_codes_left: 10 }) });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/konto' });
    await user.type(await screen.findByLabelText('Aktuelles Passwort'), 'the old password');
    await user.type(screen.getByLabelText('Neues Passwort'), 'a brand new password');
    await user.type(screen.getByLabelText('Neues Passwort wiederholen'), 'a brand new passw0rd');
    await user.click(screen.getByRole('button', { name: 'Passwort ändern' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getAllByText('Die beiden neuen Passwörter stimmen nicht überein.')).not.toHaveLength(0);
    expect(fetch.mock.calls.some(([input]) => String((input as Request).url ?? input).endsWith('/auth/password'))).toBe(false);
  });

  it('names a wrong current password at its field', async () => {
    server({
      me: () => COORDINATOR,
      password: () =>
        json({ title: 'Invalid', status: 422, errors: [{ loc: ['body', 'current_password'], msg: 'wrong' }] }, 422),
    });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/konto' });
    await user.type(await screen.findByLabelText('Aktuelles Passwort'), 'not the password');
    await user.type(screen.getByLabelText('Neues Passwort'), 'a brand new password');
    await user.type(screen.getByLabelText('Neues Passwort wiederholen'), 'a brand new password');
    await user.click(screen.getByRole('button', { name: 'Passwort ändern' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Aktuelles Passwort').getAttribute('aria-describedby')).toContain('password-current-error'),
    );
  });

  it('signs out everywhere and opens the sign-in page', async () => {
    const fetch = server({ me: () => COORDINATOR });
    const user = userEvent.setup();
    const view = renderAt(<StaffApp />, { path: '/konto' });
    await user.click(await screen.findByRole('button', { name: 'Überall abmelden' }));
    await waitFor(() => expect(view.location()).toMatch(/^\/anmelden/));
    expect(fetch.mock.calls.some(([input]) => String((input as Request).url ?? input).endsWith('/auth/logout-everywhere'))).toBe(true);
  });

  it('replaces the recovery codes with the password and shows the new ones once', async () => {
    const sent: unknown[] = [];
    mockFetch((url, init) => {
      if (url.pathname === '/api/v1/auth/refresh') return grant();
      if (url.pathname === '/api/v1/auth/me') return json(COORDINATOR);
      if (url.pathname === '/api/v1/auth/second-factor')
        return json({ enrolled: true, required: true, pending: false, enrolled_at: '2026-12-01T10:00:00Z', recovery_codes_left: 2 });
      if (url.pathname === '/api/v1/auth/second-factor/recovery-codes') {
        sent.push(JSON.parse(init.body ?? '{}'));
        return json({ recovery_codes: CODES });
      }
      return json({ items: [], next_cursor: null });
    });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/konto' });
    expect(await screen.findByText(/Sie haben noch 2 unbenutzte Wiederherstellungscodes/)).toBeTruthy();
    await user.type(screen.getByLabelText('Ihr Passwort (Neue Wiederherstellungscodes)'), 'the password');
    await user.click(screen.getByRole('button', { name: 'Neue Codes erstellen' }));
    const list = await screen.findByRole('list', { name: 'Ihre Wiederherstellungscodes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(sent).toEqual([{ password: 'the password' }]);
  });

  it('is in English at /en/account', async () => {
    server({ me: () => MUST_ENROL });
    renderAt(<StaffApp />, { path: '/en/account' });
    await screen.findByRole('heading', { level: 1, name: 'My account' });
    expect(await screen.findByRole('button', { name: 'Set up an authenticator app' })).toBeTruthy();
  });
});
