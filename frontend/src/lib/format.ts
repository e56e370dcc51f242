import type { Texts } from '../i18n/texts';

export function formatDate(iso: string, t: Texts): string {
  return new Intl.DateTimeFormat(t.locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(iso));
}

/** "in 5 minutes" / "in 5 Minuten" until `until`, or null when that moment has passed. */
export function formatWait(until: Date, now: Date, t: Texts): string | null {
  const seconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return null;
  const rtf = new Intl.RelativeTimeFormat(t.locale, { numeric: 'always' });
  if (seconds < 90) return rtf.format(seconds, 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return rtf.format(minutes, 'minute');
  return rtf.format(Math.ceil(minutes / 60), 'hour');
}
