// Dates and times as the console shows them (Europe/Berlin).
import type { Lang } from '../i18n/routes';

const LOCALE: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

export const formatDay = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(iso));

export const formatMoment = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    new Date(iso),
  );
