import { screen } from '@testing-library/react';
import type { ContactChannel } from '../api/client';
import { renderAt } from '../test/render';
import { ChannelList } from './ChannelList';

const channel = (overrides: Partial<ContactChannel>): ContactChannel => ({
  id: overrides.kind ?? 'x',
  kind: 'website',
  label: 'Label',
  value: '',
  visibility: 'public',
  address: null,
  opening_hours: null,
  languages: ['de'],
  ...overrides,
});

const CHANNELS = [
  channel({
    kind: 'visiting_address',
    label: 'Besuchsanschrift',
    value: 'Am Waterlooplatz 11, 30169 Hannover',
    address: { street: 'Am Waterlooplatz 11', postal_code: '30169', city: 'Hannover', state: 'Niedersachsen', country: 'DE' },
    opening_hours: {
      weekly: [{ day: 'fri', opens: '09:00', closes: '12:00' }],
      exceptions: [],
      open_on_public_holidays: false,
      timezone: 'Europe/Berlin',
    },
  }),
  channel({ kind: 'phone', label: 'Telefon', value: '+49 511 120-0' }),
  channel({ kind: 'web_form', label: 'Write a message', value: '/kontakt/kip-ni', languages: ['de', 'en'] }),
  channel({ kind: 'website', label: 'Website', value: 'https://www.kip.niedersachsen.de/' }),
];

describe('ChannelList', () => {
  it('links each channel the way its kind allows, in the language shown', () => {
    vi.useFakeTimers({ now: new Date('2026-11-27T09:00:00Z'), toFake: ['Date'] }); // Friday 10:00 in Hannover
    renderAt(<ChannelList channels={CHANNELS} />, { path: '/en/organisations/kip-ni' });

    const map = screen.getByRole('link', { name: /Open in a map app/ });
    expect(map.getAttribute('href')).toBe(
      'https://www.openstreetmap.org/search?query=Am%20Waterlooplatz%2011%2C%2030169%20Hannover',
    );
    expect(screen.getByRole('link', { name: '+49 511 120-0' }).getAttribute('href')).toBe('tel:+495111200');
    expect(screen.getByRole('link', { name: 'Write a message' }).getAttribute('href')).toBe('/en/contact/kip-ni');
    expect(screen.getByRole('link', { name: 'www.kip.niedersachsen.de' }).getAttribute('href')).toBe(
      'https://www.kip.niedersachsen.de/',
    );
    expect(screen.getByText('Open now, until 12:00')).toBeTruthy();
    expect(screen.getAllByText(/^Languages:/).map((p) => p.textContent)).toEqual(['Languages: German, English']);
    expect(screen.getByRole('rowheader', { name: 'Friday' }).nextElementSibling?.textContent).toBe('09:00–12:00');
  });

  it('says why it is closed on a public holiday', () => {
    vi.useFakeTimers({ now: new Date('2026-04-03T08:00:00Z'), toFake: ['Date'] }); // Good Friday
    renderAt(<ChannelList channels={CHANNELS} />, { path: '/organisationen/kip-ni' });
    expect(screen.getByText('Heute geschlossen (Feiertag: Karfreitag)')).toBeTruthy();
  });
});
