// Pieces the legal pages share: the centre's address from the directory, a notice for a
// required setting that is empty, and paragraphs that link to the contact form.
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import type { Organisation } from '../api/client';
import { Icon } from '../components/Icon';
import { useLang, usePaths } from '../i18n/useLang';
import type { RequiredSetting } from './queries';
import { LEGAL_TEXTS, SETTING_NAMES, type Paragraph } from './texts';

/** The centre's public postal address, as the directory holds it. */
export function postalAddress(organisation: Organisation): { street: string; postal_code: string; city: string } | null {
  const channel = organisation.contact_channels.find((c) => c.kind === 'postal_address' && c.address);
  return channel?.address ?? null;
}

export const addressLine = (organisation: Organisation) => {
  const address = postalAddress(organisation);
  return address ? `${address.street}, ${address.postal_code} ${address.city}` : '';
};

export function Missing({ setting }: { setting: RequiredSetting }) {
  const texts = LEGAL_TEXTS[useLang()];
  return (
    <div className="notice notice--warning missing" role="note" data-missing={setting}>
      <Icon name="alert" />
      <p>
        <strong>{texts.missingTitle}: </strong>
        {texts.missing(texts.settingLabels[setting], SETTING_NAMES[setting])}
      </p>
    </div>
  );
}

/** A setting's value, or what is missing in its place. */
export function Setting({ value, setting }: { value: string | null | undefined; setting: RequiredSetting }) {
  return value ? <p className="setting-value">{value}</p> : <Missing setting={setting} />;
}

export function Para({ paragraph }: { paragraph: Paragraph }) {
  const to = usePaths();
  if (typeof paragraph === 'string') return <p>{paragraph}</p>;
  return (
    <p>
      {paragraph.before}
      <Link to={to('contact', { slug: 'kip-ni' })}>{paragraph.link}</Link>
      {paragraph.after}
    </p>
  );
}

/** Once the page's content is there, brings the section named in the URL's hash into view. */
export function useScrollToHash(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    // After the layout's own reset to the top of a newly opened page, which runs after this.
    const frame = requestAnimationFrame(() => {
      const target = document.getElementById(decodeURIComponent(hash.slice(1)));
      target?.scrollIntoView();
      target?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [ready, hash]);
}
