// Opening hours between the API's model (weekly spans, dated exceptions, whether Lower
// Saxony's public holidays close the channel) and the editor's form fields.
import type { OpeningHours } from '../../api/client';
import { lowerSaxonyHolidays, type Holiday } from '../../lib/holidays';
import { WEEKDAYS, type Weekday } from '../../lib/openingHours';
import type { OpeningHoursIn } from './api';
import type { Draft, ExceptionDraft } from './versioned';

export const dayKey = (day: Weekday) => `hours_${day}`;

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** "09:00–12:00, 13:00–15:30" (dash, en dash or "bis"/"to"); empty means closed. */
export function parseSpans(text: string): { spans: [string, string][] } | { error: 'format' | 'order' } {
  const spans: [string, string][] = [];
  for (const part of text.split(/[,;]/).map((s) => s.trim()).filter(Boolean)) {
    const match = /^(\d{1,2}[:.]\d{2})\s*(?:-|–|—|bis|to)\s*(\d{1,2}[:.]\d{2})$/i.exec(part);
    if (!match) return { error: 'format' };
    const [opens, closes] = [match[1], match[2]].map((t) => (t ?? '').replace('.', ':').padStart(5, '0')) as [string, string];
    if (!TIME.test(opens) || !TIME.test(closes)) return { error: 'format' };
    if (opens >= closes) return { error: 'order' };
    spans.push([opens, closes]);
  }
  return { spans };
}

export const formatSpans = (spans: readonly (readonly string[])[]) => spans.map(([o, c]) => `${o}–${c}`).join(', ');

/** The form fields of a channel's opening hours (`hours`: whether it has any). */
export function hoursToDraft(hours: OpeningHours | null | undefined): Draft {
  const draft: Record<string, Draft[string]> = {
    hours: Boolean(hours),
    hours_holidays: hours?.open_on_public_holidays ?? false,
    hours_exceptions: (hours?.exceptions ?? []).map<ExceptionDraft>((e) => ({
      date: e.date,
      closed: e.closed ?? true,
      spans: formatSpans(e.spans ?? []),
      note: e.note ?? '',
    })),
  };
  for (const day of WEEKDAYS) {
    draft[dayKey(day)] = formatSpans((hours?.weekly ?? []).filter((s) => s.day === day).map((s) => [s.opens, s.closes]));
  }
  return draft;
}

export type HoursProblem = { field: string; error: 'format' | 'order' | 'date' };

/** The API's opening hours from the form, or the problems that keep it from being saved. */
export function draftToHours(draft: Draft): { hours: OpeningHoursIn | null } | { problems: HoursProblem[] } {
  if (!draft.hours) return { hours: null };
  const problems: HoursProblem[] = [];
  const weekly: NonNullable<OpeningHoursIn['weekly']> = [];
  for (const day of WEEKDAYS) {
    const parsed = parseSpans(String(draft[dayKey(day)] ?? ''));
    if ('error' in parsed) problems.push({ field: dayKey(day), error: parsed.error });
    else weekly.push(...parsed.spans.map(([opens, closes]) => ({ day, opens, closes })));
  }
  const exceptions: NonNullable<OpeningHoursIn['exceptions']> = [];
  ((draft.hours_exceptions ?? []) as ExceptionDraft[]).forEach((e, index) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date)) problems.push({ field: `exception-${index}-date`, error: 'date' });
    const parsed = e.closed ? { spans: [] } : parseSpans(e.spans);
    if ('error' in parsed) problems.push({ field: `exception-${index}-spans`, error: parsed.error });
    else exceptions.push({ date: e.date, closed: e.closed, spans: parsed.spans, note: e.note.trim() || null });
  });
  if (problems.length) return { problems };
  return {
    hours: {
      weekly,
      exceptions,
      open_on_public_holidays: Boolean(draft.hours_holidays),
      timezone: 'Europe/Berlin',
    },
  };
}

/** The next public holidays of Lower Saxony from `today` (YYYY-MM-DD) on. */
export function nextHolidays(today: string, count: number): Holiday[] {
  const year = Number(today.slice(0, 4));
  return [...lowerSaxonyHolidays(year), ...lowerSaxonyHolidays(year + 1)].filter((h) => h.date >= today).slice(0, count);
}
