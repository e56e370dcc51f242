import type { OpeningHours } from '../api/client';
import { openState, wallClock } from './openingHours';

const office: OpeningHours = {
  weekly: [
    { day: 'mon', opens: '09:00', closes: '12:00' },
    { day: 'mon', opens: '13:00', closes: '15:30' },
    { day: 'fri', opens: '09:00', closes: '12:00' },
  ],
  exceptions: [
    { date: '2026-12-07', closed: true, note: 'Betriebsausflug' },
    { date: '2026-12-05', closed: false, spans: [['10:00', '14:00']] },
  ],
  open_on_public_holidays: false,
  timezone: 'Europe/Berlin',
};

describe('wallClock', () => {
  it('reads the time in Berlin, in winter and in summer time', () => {
    expect(wallClock(new Date('2026-11-30T08:30:00Z'))).toEqual({ date: '2026-11-30', weekday: 'mon', time: '09:30' });
    expect(wallClock(new Date('2026-07-06T22:30:00Z'))).toEqual({ date: '2026-07-07', weekday: 'tue', time: '00:30' });
  });
});

describe('openState', () => {
  it('is open within a weekly span and says when it closes', () => {
    expect(openState(office, new Date('2026-11-30T08:30:00Z'))).toEqual({ open: true, closes: '12:00' });
    expect(openState(office, new Date('2026-11-30T12:00:00Z'))).toEqual({ open: true, closes: '15:30' });
  });

  it('is closed between spans, at closing time and on days without spans', () => {
    expect(openState(office, new Date('2026-11-30T11:30:00Z')).open).toBe(false); // 12:30 lunch break
    expect(openState(office, new Date('2026-11-30T14:30:00Z')).open).toBe(false); // 15:30 sharp
    expect(openState(office, new Date('2026-12-01T09:00:00Z')).open).toBe(false); // Tuesday
  });

  it("closes on Lower Saxony's public holidays", () => {
    // Good Friday 2026-04-03 and Reformation Day 2025-10-31 are Fridays.
    expect(openState(office, new Date('2026-04-03T08:00:00Z'))).toEqual({ open: false, holiday: 'goodFriday' });
    expect(openState(office, new Date('2025-10-31T09:00:00Z'))).toEqual({ open: false, holiday: 'reformationDay' });
    // Whit Monday 2026-05-25.
    expect(openState(office, new Date('2026-05-25T08:00:00Z'))).toEqual({ open: false, holiday: 'whitMonday' });
  });

  it('stays open on holidays when the channel says so', () => {
    const hours = { ...office, open_on_public_holidays: true };
    expect(openState(hours, new Date('2026-04-03T08:00:00Z'))).toEqual({ open: true, closes: '12:00' });
  });

  it('lets dated exceptions win over the weekly plan', () => {
    expect(openState(office, new Date('2026-12-07T09:00:00Z'))).toEqual({ open: false, note: 'Betriebsausflug' });
    // Saturday with special hours.
    expect(openState(office, new Date('2026-12-05T10:00:00Z'))).toEqual({ open: true, closes: '14:00' });
    expect(openState(office, new Date('2026-12-05T14:00:00Z')).open).toBe(false);
  });
});
