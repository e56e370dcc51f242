import { easterSunday, holidayOn, lowerSaxonyHolidays } from './holidays';

describe('easterSunday', () => {
  it.each([
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2038, 4, 25],
  ])('%i is %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day });
  });
});

describe('lowerSaxonyHolidays', () => {
  it('lists the ten holidays of 2026 in order', () => {
    expect(lowerSaxonyHolidays(2026)).toEqual([
      { id: 'newYear', date: '2026-01-01' },
      { id: 'goodFriday', date: '2026-04-03' },
      { id: 'easterMonday', date: '2026-04-06' },
      { id: 'labourDay', date: '2026-05-01' },
      { id: 'ascension', date: '2026-05-14' },
      { id: 'whitMonday', date: '2026-05-25' },
      { id: 'germanUnity', date: '2026-10-03' },
      { id: 'reformationDay', date: '2026-10-31' },
      { id: 'christmasDay', date: '2026-12-25' },
      { id: 'boxingDay', date: '2026-12-26' },
    ]);
  });

  it('moves the Easter holidays across month ends', () => {
    expect(holidayOn('2024-03-29')).toBe('goodFriday');
    expect(holidayOn('2024-04-01')).toBe('easterMonday');
    expect(holidayOn('2024-05-09')).toBe('ascension');
    expect(holidayOn('2024-05-20')).toBe('whitMonday');
  });

  it('has no Reformation Day before 2017 and no regional holidays of other states', () => {
    expect(holidayOn('2016-10-31')).toBeNull();
    expect(holidayOn('2026-01-06')).toBeNull(); // Epiphany: not in Lower Saxony
    expect(holidayOn('2026-06-04')).toBeNull(); // Corpus Christi: not in Lower Saxony
    expect(holidayOn('2026-12-24')).toBeNull();
  });
});
