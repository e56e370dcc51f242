// schema.org data for search engines. CSP forbids inline scripts, but a JSON-LD data block is
// not executed, so it may be added to the DOM at runtime.
import { useEffect } from 'react';
import type { ContactChannel, Organisation, OrganisationKind } from '../api/client';

const GOVERNMENT: ReadonlySet<OrganisationKind> = new Set([
  'centre',
  'ministry',
  'police',
  'intelligence_service',
  'agency',
  'municipality',
]);

type Json = string | number | Json[] | { [key: string]: Json | undefined };

export function organisationJsonLd(
  org: Organisation,
  pageUrl: string,
  urlOf: (slug: string) => string,
): { [key: string]: Json | undefined } {
  const first = (...kinds: ContactChannel['kind'][]) => org.contact_channels.find((c) => kinds.includes(c.kind));
  const address = first('visiting_address', 'postal_address')?.address;
  const form = first('web_form');
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
    contactPoint: form && { '@type': 'ContactPoint', contactType: form.label, url: new URL(form.value, pageUrl).href },
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
