import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../test/render';
import { MessageForm } from './ContactPage';

const MESSAGES = '/api/v1/organisations/kip-ni/messages';

function renderForm(path = '/kontakt/kip-ni') {
  return renderAt(<MessageForm slug="kip-ni" />, { path });
}

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Betreff'), 'Frage zu Beratung');
  await user.type(screen.getByLabelText('Ihre Nachricht'), 'Mein Sohn verändert sich.');
  await user.click(screen.getByLabelText(/Datenschutzhinweis gelesen/));
}

describe('MessageForm', () => {
  it('hides the honeypot from people and assistive technology', () => {
    mockFetch(() => json({}));
    const { container } = renderForm();
    const honeypot = container.querySelector<HTMLInputElement>('input[name="homepage"]')!;
    expect(honeypot.tabIndex).toBe(-1);
    expect(honeypot.getAttribute('autocomplete')).toBe('off');
    expect(honeypot.closest('[aria-hidden="true"]')).toHaveProperty('className', 'hp');
    expect(screen.queryByRole('textbox', { name: /leer lassen/ })).toBeNull(); // not in the accessibility tree
    expect(screen.getAllByRole('textbox')).toHaveLength(4);
  });

  it('checks required fields and consent before sending anything', async () => {
    const fetch = mockFetch(() => json({}));
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    const summary = screen.getByRole('alert');
    expect(summary).toHaveProperty('textContent', expect.stringContaining('Bitte prüfen Sie Ihre Eingaben'));
    expect(document.activeElement).toBe(summary);
    expect(screen.getByLabelText('Betreff').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText(/E-Mail-Adresse/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText(/Datenschutzhinweis gelesen/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Ihr Name (freiwillig)').getAttribute('aria-invalid')).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends the contract body and shows the receipt on 202', async () => {
    const fetch = mockFetch((url) => {
      expect(url.pathname).toBe(MESSAGES);
      expect(url.searchParams.get('lang')).toBe('de');
      return json({ id: 'MSG-2026-000042' }, 202);
    });
    const user = userEvent.setup();
    renderForm();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    const success = await screen.findByRole('status');
    expect(success.textContent).toContain('Ihre Nachricht ist angekommen');
    expect(success.textContent).toContain('MSG-2026-000042');
    const [, init] = fetch.mock.calls[0]!;
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({
      subject: 'Frage zu Beratung',
      text: 'Mein Sohn verändert sich.',
      privacy_consent: true,
      homepage: '',
    });
  });

  it('tells when to try again after 429, from Retry-After', async () => {
    mockFetch(() => json({ type: '/problems/too-many-requests', title: 'Too many requests', status: 429, detail: 'Slow down.' }, 429, { 'Retry-After': '120' }));
    const user = userEvent.setup();
    renderForm();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('in 2 Minuten erneut');
    expect(alert.textContent).toContain('Slow down.');
  });

  it('says in English that an organisation does not accept messages on 404', async () => {
    mockFetch(() => json({ type: '/problems/not-found', title: 'Not found', status: 404, detail: 'No such inbox.' }, 404));
    const user = userEvent.setup();
    renderForm('/en/contact/kip-ni');
    await user.type(screen.getByLabelText('Subject'), 'Hello');
    await user.type(screen.getByLabelText('Your message'), 'A question.');
    await user.click(screen.getByLabelText(/privacy notice/));
    await user.click(screen.getByRole('button', { name: 'Send message' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('does not accept messages');
    expect(alert.textContent).toContain('No such inbox.');
  });

  it('marks the fields the server rejects with 422', async () => {
    mockFetch(() =>
      json(
        { type: '/problems/validation', title: 'Invalid', status: 422, errors: [{ loc: ['body', 'subject'], msg: 'too long' }] },
        422,
      ),
    );
    const user = userEvent.setup();
    renderForm();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    await waitFor(() => expect(screen.getByLabelText('Betreff').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByLabelText('Ihre Nachricht').getAttribute('aria-invalid')).toBeNull();
  });

  it('shows a failure when the network is down, and keeps what was typed', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const user = userEvent.setup();
    renderForm();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    expect((await screen.findByRole('alert')).textContent).toContain('nicht gesendet');
    expect(screen.getByLabelText<HTMLInputElement>('Betreff').value).toBe('Frage zu Beratung');
  });
});
