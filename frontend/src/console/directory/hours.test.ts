import { describe, expect, it } from 'vitest';
import { dayKey, draftToHours, hoursToDraft, nextHolidays, parseSpans } from './hours';

const hours = {
  weekly: [
    { day: 'mon' as const, opens: '09:00', closes: '12:00' },
    { day: 'mon' as const, opens: '13:00', closes: '15:30' },
    { day: 'fri' as const, opens: '09:00', closes: '12:00' },
  ],
  exceptions: [{ date: '2026-12-24', closed: true, spans: [], note: 'Heiligabend' }],
  open_on_public_holidays: false,
  timezone: 'Europe/Berlin' as const,
};

describe('opening hours in the editor', () => {
  it('reads spans with dashes, dots and "bis"', () => {
    expect(parseSpans('9.00 - 12:00, 13:00 bis 15:30')).toEqual({ spans: [['09:00', '12:00'], ['13:00', '15:30']] });
    expect(parseSpans('')).toEqual({ spans: [] });
  });

  it('refuses a span that closes before it opens, and text that is no time', () => {
    expect(parseSpans('15:00–09:00')).toEqual({ error: 'order' });
    expect(parseSpans('morgens')).toEqual({ error: 'format' });
    expect(parseSpans('25:00–26:00')).toEqual({ error: 'format' });
  });

  it('goes to the form and back unchanged, holidays rule included', () => {
    const draft = hoursToDraft(hours);
    expect(draft[dayKey('mon')]).toBe('09:00–12:00, 13:00–15:30');
    expect(draft[dayKey('tue')]).toBe('');
    expect(draftToHours(draft)).toEqual({ hours });
  });

  it('keeps a channel open on public holidays when the form says so', () => {
    const result = draftToHours({ ...hoursToDraft(hours), hours_holidays: true });
    expect('hours' in result && result.hours?.open_on_public_holidays).toBe(true);
  });

  it('sends no opening hours when the channel has none', () => {
    expect(draftToHours(hoursToDraft(null))).toEqual({ hours: null });
  });

  it('names the field of a wrong span', () => {
    expect(draftToHours({ ...hoursToDraft(hours), [dayKey('wed')]: '18:00–08:00' })).toEqual({
      problems: [{ field: 'hours_wed', error: 'order' }],
    });
  });

  it('lists the coming public holidays of Lower Saxony, across the turn of the year', () => {
    expect(nextHolidays('2026-12-02', 3).map((h) => h.date)).toEqual(['2026-12-25', '2026-12-26', '2027-01-01']);
  });
});
