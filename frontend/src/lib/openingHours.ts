// "Open now" for a contact channel, in Lower Saxony's time zone and with its public holidays.
import type { OpeningHours } from '../api/client';
import { holidayOn, type HolidayId } from './holidays';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface WallClock {
  date: string;
  weekday: Weekday;
  time: string;
}

/** Date, weekday and HH:MM of `instant` on the wall clock in `timeZone`. */
export function wallClock(instant: Date, timeZone = 'Europe/Berlin'): WallClock {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    weekday: part('weekday').toLowerCase().slice(0, 3) as Weekday,
    time: `${part('hour')}:${part('minute')}`,
  };
}

export type OpenState =
  | { open: true; closes: string }
  | { open: false; holiday?: HolidayId; note?: string | null };

export function openState(hours: OpeningHours, instant: Date): OpenState {
  const now = wallClock(instant, hours.timezone);
  const exception = hours.exceptions?.find((e) => e.date === now.date);
  let spans: string[][];
  if (exception) {
    if (exception.closed) return { open: false, note: exception.note };
    spans = exception.spans ?? [];
  } else {
    const holiday = holidayOn(now.date);
    if (holiday && !hours.open_on_public_holidays) return { open: false, holiday };
    spans = (hours.weekly ?? []).filter((s) => s.day === now.weekday).map((s) => [s.opens, s.closes]);
  }
  const closes = spans.find(([opens = '', until = '']) => opens <= now.time && now.time < until)?.[1];
  return closes ? { open: true, closes } : { open: false, note: exception?.note };
}
