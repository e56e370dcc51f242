import { useEffect, useState } from 'react';
import type { OpeningHours } from '../api/client';
import { useTexts } from '../i18n/useLang';
import { formatDate } from '../lib/format';
import { openState, wallClock, WEEKDAYS } from '../lib/openingHours';
import { Icon } from './Icon';

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function OpeningHoursView({ hours }: { hours: OpeningHours }) {
  const t = useTexts();
  const now = useNow(60_000);
  const state = openState(hours, now);
  const status = state.open
    ? t.organisation.openNow(state.closes)
    : state.holiday
      ? t.organisation.closedHoliday(t.holidays[state.holiday])
      : t.organisation.closedNow + (state.note ? ` (${state.note})` : '');
  const today = wallClock(now, hours.timezone).date;
  const upcoming = (hours.exceptions ?? []).filter((e) => e.date >= today);

  return (
    <div className="hours">
      <p className={`hours__status ${state.open ? 'hours__status--open' : ''}`}>
        <Icon name="clock" size={18} />
        {status}
      </p>
      <table className="hours__table">
        <caption className="visually-hidden">{t.organisation.hours}</caption>
        <tbody>
          {WEEKDAYS.map((day) => {
            const spans = (hours.weekly ?? []).filter((s) => s.day === day);
            return (
              <tr key={day}>
                <th scope="row">{t.weekdays[day]}</th>
                <td>{spans.length ? spans.map((s) => `${s.opens}–${s.closes}`).join(', ') : t.organisation.closedDay}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">{hours.open_on_public_holidays ? t.organisation.openOnHolidays : t.organisation.holidaysNote}</p>
      {upcoming.length > 0 && (
        <>
          <p className="hours__exceptions-title">{t.organisation.exceptions}</p>
          <ul className="hours__exceptions">
            {upcoming.map((e) => (
              <li key={e.date}>
                {formatDate(e.date, t)}:{' '}
                {e.closed ? t.organisation.closedDay : (e.spans ?? []).map(([o, c]) => `${o}–${c}`).join(', ')}
                {e.note && ` (${e.note})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
