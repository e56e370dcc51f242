import { render } from '@testing-library/react';
import { organisation } from '../test/fixtures';
import { organisationJsonLd, useJsonLd } from './jsonld';

const urlOf = (slug: string) => `https://kip.example/organisationen/${slug}`;

describe('organisationJsonLd', () => {
  it('describes a state body as GovernmentOrganization with address and contact point', () => {
    const org = organisation({
      parent: { slug: 'mi', name: 'Ministerium' },
      relations: [{ id: 'r', kind: 'member_of', organisation: { slug: 'net', name: 'Netz' } }],
      contact_channels: [
        {
          id: 'c1',
          kind: 'postal_address',
          label: 'Postanschrift',
          value: 'Am Waterlooplatz 11, 30169 Hannover',
          visibility: 'public',
          address: { street: 'Am Waterlooplatz 11', postal_code: '30169', city: 'Hannover', state: 'Niedersachsen', country: 'DE' },
          opening_hours: null,
          languages: ['de'],
        },
        { id: 'c2', kind: 'web_form', label: 'Nachricht schreiben', value: '/kontakt/kip-ni', visibility: 'public', address: null, opening_hours: null, languages: [] },
        {
          id: 'c3',
          kind: 'phone',
          label: 'Telefon',
          value: '+49 511 120 0',
          visibility: 'public',
          address: null,
          opening_hours: {
            weekly: [{ day: 'mon', opens: '09:00', closes: '15:00' }],
            exceptions: [{ date: '2026-12-24', closed: true, spans: [], note: null }],
            open_on_public_holidays: false,
            timezone: 'Europe/Berlin',
          },
          languages: ['de'],
        },
      ],
    });
    expect(organisationJsonLd(org, urlOf('kip-ni'), urlOf)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'GovernmentOrganization',
      '@id': urlOf('kip-ni'),
      name: org.name,
      alternateName: 'KIP NI',
      description: org.description,
      url: 'https://www.kip.niedersachsen.de',
      foundingDate: '2016',
      address: {
        '@type': 'PostalAddress',
        streetAddress: 'Am Waterlooplatz 11',
        postalCode: '30169',
        addressLocality: 'Hannover',
        addressRegion: 'Niedersachsen',
        addressCountry: 'DE',
      },
      telephone: '+49 511 120 0',
      email: undefined,
      faxNumber: undefined,
      contactPoint: [
        { '@type': 'ContactPoint', contactType: 'Nachricht schreiben', url: 'https://kip.example/kontakt/kip-ni', availableLanguage: undefined, hoursAvailable: undefined },
        {
          '@type': 'ContactPoint',
          contactType: 'Telefon',
          telephone: '+49 511 120 0',
          availableLanguage: ['de'],
          hoursAvailable: [
            { '@type': 'OpeningHoursSpecification', dayOfWeek: 'https://schema.org/Monday', opens: '09:00', closes: '15:00' },
            { '@type': 'OpeningHoursSpecification', validFrom: '2026-12-24', validThrough: '2026-12-24', opens: '00:00', closes: '00:00' },
          ],
        },
      ],
      parentOrganization: { '@type': 'Organization', name: 'Ministerium', url: urlOf('mi') },
      memberOf: [{ '@type': 'Organization', name: 'Netz', url: urlOf('net') }],
    });
  });

  it('describes an association as Organization', () => {
    expect(organisationJsonLd(organisation({ kind: 'association' }), urlOf('x'), urlOf)['@type']).toBe('Organization');
  });
});

describe('useJsonLd', () => {
  function Probe({ data }: { data: object }) {
    useJsonLd(data);
    return null;
  }

  it('adds one data block to the head while shown, and removes it afterwards', () => {
    const { rerender, unmount } = render(<Probe data={{ name: 'A' }} />);
    rerender(<Probe data={{ name: 'A' }} />);
    const blocks = () => document.head.querySelectorAll('script[type="application/ld+json"]');
    expect(blocks()).toHaveLength(1);
    expect(JSON.parse(blocks()[0]!.textContent!)).toEqual({ name: 'A' });
    unmount();
    expect(blocks()).toHaveLength(0);
  });
});
