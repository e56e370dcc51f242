import { useEffect } from 'react';
import { useLang, useTexts } from '../i18n/useLang';

const DESCRIPTION = {
  de: 'Kompetenzstelle Islamismusprävention Niedersachsen (KIP NI): wer im Netzwerk zuständig ist und wie Sie es erreichen.',
  en: 'Lower Saxony Competence Centre for the Prevention of Islamism (KIP NI): who in the network is responsible and how to reach them.',
} as const;

/** Sets `<meta name=…>` or `<meta property=…>` in the head, creating it on first use. */
function setMeta(attribute: 'name' | 'property', key: string, content: string) {
  let element = document.head.querySelector<HTMLMetaElement>(`meta[${attribute}="${key}"]`);
  if (!element) {
    element = document.createElement('meta');
    element.setAttribute(attribute, key);
    document.head.append(element);
  }
  element.content = content;
}

/** The page title, description and the Open Graph tags a shared link shows. */
export function usePageTitle(title: string | undefined, description?: string): void {
  const t = useTexts();
  const lang = useLang();
  useEffect(() => {
    const fullTitle = title ? `${title} – ${t.site.short}` : `${t.site.short} – ${t.site.name}`;
    const text = description ?? DESCRIPTION[lang];
    document.title = fullTitle;
    setMeta('name', 'description', text);
    setMeta('property', 'og:title', fullTitle);
    setMeta('property', 'og:description', text);
    setMeta('property', 'og:url', window.location.origin + window.location.pathname);
    setMeta('property', 'og:locale', lang === 'de' ? 'de_DE' : 'en_GB');
  }, [title, description, lang, t]);
}
