import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ContactChannel, MessageReceipt } from '../api/client';
import { organisation } from '../test/fixtures';
import { json, mockFetch, renderAt } from '../test/render';
import ContactPage, { MessageForm } from './ContactPage';

const MESSAGES = '/api/v1/organisations/kip-ni/messages';
const RECEIPT: MessageReceipt = {
  id: '3f2b8c1e-5d4a-4f6b-9a7c-2e1d0c9b8a76',
  received_at: '2026-11-27T12:00:00Z',
  organisation: { slug: 'kip-ni', name: 'Kompetenzstelle Islamismusprävention Niedersachsen' },
};
const WEB_FORM: ContactChannel = {
  id: 'c1',
  kind: 'web_form',
  label: 'Nachricht schreiben',
  value: '/kontakt/kip-ni',
  visibility: 'public',
  address: null,
  opening_hours: null,
  languages: ['de', 'en'],
};
const PHONE: ContactChannel = { ...WEB_FORM, id: 'c2', kind: 'phone', label: 'Telefon', value: '+49 511 120-0' };

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

  it('sends the contract body and shows the receipt id of the 202', async () => {
    let sent: { method: string; body?: string } | undefined;
    mockFetch((url, init) => {
      expect(url.pathname).toBe(MESSAGES);
      expect(url.searchParams.get('lang')).toBe('de');
      sent = init;
      return json(RECEIPT, 202);
    });
    const user = userEvent.setup();
    renderForm();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    const success = await screen.findByRole('status');
    expect(success.textContent).toContain('Ihre Nachricht ist angekommen');
    expect(success.querySelector('.receipt')?.textContent).toBe(RECEIPT.id);
    expect(document.activeElement).toBe(success);
    expect(sent?.method).toBe('POST');
    expect(JSON.parse(sent!.body!)).toEqual({
      subject: 'Frage zu Beratung',
      text: 'Mein Sohn verändert sich.',
      privacy_consent: true,
      homepage: '',
      topic: 'general',
    });
  });

  it('tells when to try again after 429, from Retry-After', async () => {
    mockFetch(() =>
      json(
        {
          type: '/problems/too-many-requests',
          title: 'Too many requests',
          status: 429,
          detail: 'At most 5 messages per 10 minutes. Try again later.',
          instance: MESSAGES,
        },
        429,
        { 'Retry-After': '120' },
      ),
    );
    const user = userEvent.setup();
    renderForm();
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Bitte versuchen Sie es in 2 Minuten erneut.');
    expect(alert.textContent).toContain('At most 5 messages per 10 minutes.');
  });

  it('says in English that an organisation does not accept messages on 404', async () => {
    mockFetch(() =>
      json({ type: '/problems/not-found', title: 'Not found', status: 404, detail: 'No organisation with this slug accepts messages.' }, 404),
    );
    const user = userEvent.setup();
    renderForm('/en/contact/kip-ni');
    await user.type(screen.getByLabelText('Subject'), 'Hello');
    await user.type(screen.getByLabelText('Your message'), 'A question.');
    await user.click(screen.getByLabelText(/privacy notice/));
    await user.click(screen.getByRole('button', { name: 'Send message' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('does not accept messages');
    expect(alert.textContent).toContain('No organisation with this slug accepts messages.');
  });

  it('shows the field errors of a 422 next to the fields its errors[].loc names', async () => {
    mockFetch(() =>
      json(
        {
          type: '/problems/validation',
          title: 'Unprocessable content',
          status: 422,
          detail: 'The request does not match the schema.',
          instance: MESSAGES,
          errors: [
            { loc: ['body', 'reply_to'], msg: 'value is not a valid email address: The domain name x.invalid does not exist.' },
            { loc: ['body', 'subject'], msg: 'String should have at most 200 characters' },
          ],
        },
        422,
      ),
    );
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'mutter@x.invalid');
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    const subject = screen.getByLabelText('Betreff');
    await waitFor(() => expect(subject.getAttribute('aria-invalid')).toBe('true'));
    const subjectError = document.getElementById(`${subject.id}-error`)!;
    expect(subject.getAttribute('aria-describedby')).toContain(subjectError.id);
    expect(subjectError.textContent).toBe('„Betreff“ wurde nicht angenommen. String should have at most 200 characters');
    const replyTo = screen.getByLabelText(/E-Mail-Adresse/);
    expect(replyTo.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(`${replyTo.id}-error`)?.textContent).toContain('x.invalid does not exist');
    expect(screen.getByLabelText('Ihre Nachricht').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByLabelText('Ihr Name (freiwillig)').getAttribute('aria-invalid')).toBeNull();

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Bitte prüfen Sie die markierten Felder.');
    const links = within(alert).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual([`#${replyTo.id}`, `#${subject.id}`]);
    expect(screen.getByLabelText<HTMLInputElement>('Betreff').value).toBe('Frage zu Beratung');
  });

  it('checks the bounds before sending', async () => {
    const fetch = mockFetch(() => json(RECEIPT, 202));
    const user = userEvent.setup();
    renderForm();
    await fillIn(user);
    await user.click(screen.getByLabelText('Betreff'));
    await user.paste('x'.repeat(200));
    await user.click(screen.getByRole('button', { name: 'Nachricht senden' }));

    expect(screen.getByRole('alert').textContent).toContain('Bitte kürzen Sie „Betreff“ auf höchstens 200 Zeichen.');
    expect(fetch).not.toHaveBeenCalled();
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

describe('ContactPage', () => {
  function renderPage(channels: ContactChannel[], path = '/kontakt/mk') {
    const fetch = mockFetch((url) => {
      expect(url.pathname).toBe('/api/v1/organisations/mk');
      return json(
        organisation({ slug: 'mk', name: 'Niedersächsisches Kultusministerium', short_name: 'MK', contact_channels: channels }),
      );
    });
    renderAt(<ContactPage />, { path, pattern: path.startsWith('/en/') ? '/en/contact/:slug' : '/kontakt/:slug' });
    return fetch;
  }

  it('shows the form for an organisation with a public web form', async () => {
    renderPage([WEB_FORM]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Nachricht an MK' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Nachricht senden' })).toBeTruthy();
  });

  it('says that an organisation without a public web form takes no messages here, and where to turn', async () => {
    const fetch = renderPage([PHONE, { ...WEB_FORM, visibility: 'internal' }]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Nachricht an MK' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('MK nimmt über das Kontaktformular dieser Seite keine Nachrichten an.');
    expect(screen.queryByRole('button', { name: 'Nachricht senden' })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('link', { name: '+49 511 120-0' }).getAttribute('href')).toBe('tel:+495111200');
    expect(screen.queryByText('Kontaktformular')).toBeNull(); // the internal form is not offered
    expect(screen.getByRole('link', { name: 'Mehr über MK' }).getAttribute('href')).toBe('/organisationen/mk');
    expect(screen.getByRole('link', { name: 'Nachricht schreiben' }).getAttribute('href')).toBe('/kontakt/kip-ni');
    expect(fetch).toHaveBeenCalledTimes(1); // nothing was posted
  });

  it('says so in English too, also without any public channel', async () => {
    renderPage([], '/en/contact/mk');
    expect(await screen.findByRole('heading', { level: 1, name: 'Message to MK' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('MK does not take messages through the contact form of this site.');
    expect(screen.getByText('No public contact details are listed for MK.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Write a message' }).getAttribute('href')).toBe('/en/contact/kip-ni');
  });
});
