// schema.org data for search engines. CSP forbids inline scripts, but a JSON-LD data block is
// not executed, so it may be added to the DOM at runtime.
import { useEffect } from 'react';
import type { ContactChannel, OpeningHours, Organisation, OrganisationKind } from '../api/client';

const GOVERNMENT: ReadonlySet<OrganisationKind> = new Set([
  'centre',
  'ministry',
  'police',
  'intelligence_service',
  'agency',
  'municipality',
]);

type Json = string | number | Json[] | { [key: string]: Json | undefined };

const DAYS = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const CONTACT_KEYS: Partial<Record<ContactChannel['kind'], string>> = { phone: 'telephone', email: 'email', fax: 'faxNumber' };

/** schema.org marks a closed day as opening and closing at midnight. */
function hoursSpecification(hours: OpeningHours): Json[] {
  return [
    ...(hours.weekly ?? []).map((span) => ({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: `https://schema.org/${DAYS[span.day]}`,
      opens: span.opens,
      closes: span.closes,
    })),
    ...(hours.exceptions ?? []).flatMap((exception) =>
      (exception.closed !== false || !exception.spans?.length ? [['00:00', '00:00']] : exception.spans).map(([opens, closes]) => ({
        '@type': 'OpeningHoursSpecification',
        validFrom: exception.date,
        validThrough: exception.date,
        opens,
        closes,
      })),
    ),
  ];
}

// The same document as the API's `Accept: application/ld+json` answer (api/opendata/jsonld.py).
function contactPoint(channel: ContactChannel, pageUrl: string): { [key: string]: Json | undefined } {
  const key = CONTACT_KEYS[channel.kind];
  return {
    '@type': 'ContactPoint',
    contactType: channel.label,
    ...(key ? { [key]: channel.value } : { url: new URL(channel.value, pageUrl).href }),
    availableLanguage: channel.languages.length ? channel.languages : undefined,
    hoursAvailable: channel.opening_hours ? hoursSpecification(channel.opening_hours) : undefined,
  };
}

export function organisationJsonLd(
  org: Organisation,
  pageUrl: string,
  urlOf: (slug: string) => string,
): { [key: string]: Json | undefined } {
  const first = (...kinds: ContactChannel['kind'][]) => org.contact_channels.find((c) => kinds.includes(c.kind));
  const address = first('visiting_address', 'postal_address')?.address;
  const points = org.contact_channels
    .filter((c) => c.kind === 'web_form' || (CONTACT_KEYS[c.kind] && c.opening_hours))
    .map((c) => contactPoint(c, pageUrl));
  const ref = (o: { slug: string; name: string }) => ({ '@type': 'Organization', name: o.name, url: urlOf(o.slug) });
  const memberOf = org.relations.filter((r) => r.kind === 'member_of').map((r) => ref(r.organisation));
  return {
    '@context': 'https://schema.org',
    '@type': GOVERNMENT.has(org.kind) ? 'GovernmentOrganization' : 'Organization',
    '@id': pageUrl,
    name: org.name,
    alternateName: org.short_name ?? undefined,
    description: org.description,
    url: org.website ?? pageUrl,
    foundingDate: org.founded ? String(org.founded) : undefined,
    address: address ? {
      '@type': 'PostalAddress',
      streetAddress: address.street,
      postalCode: address.postal_code,
      addressLocality: address.city,
      addressRegion: address.state ?? undefined,
      addressCountry: address.country,
    } : undefined,
    telephone: first('phone')?.value,
    email: first('email')?.value,
    faxNumber: first('fax')?.value,
    contactPoint: points.length ? points : undefined,
    parentOrganization: org.parent ? ref(org.parent) : undefined,
    memberOf: memberOf.length ? memberOf : undefined,
  };
}

/** Puts `data` into the document head as a JSON-LD block while the component is shown. */
export function useJsonLd(data: object | null): void {
  const json = data && JSON.stringify(data);
  useEffect(() => {
    if (!json) return;
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.textContent = json;
    document.head.append(script);
    return () => script.remove();
  }, [json]);
}
